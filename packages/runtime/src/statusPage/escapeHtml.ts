/** HTML escaping for text and quoted attribute values (a pure calculation). */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' };

/**
 * Escapes `& < > " '` so that any text (a provider name from a remote manifest, a fleet
 * instance id) reads as text in element content and in double- or single-quoted attribute
 * values, never as markup.
 * @category Status page
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character] ?? character);
}
