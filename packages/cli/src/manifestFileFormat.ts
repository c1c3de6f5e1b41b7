// Reads and writes manifest files in the format their name says (YAML or JSON).
import yaml from 'js-yaml';

/** True when `path` names a YAML file (`.yaml` or `.yml`). */
export function isYamlPath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

/**
 * Serialises a manifest for `path`: YAML (JSON schema, so every string stays a string when read
 * back) or indented JSON. Either way the data, which is what the signatures cover, is unchanged.
 */
export function formatManifest(path: string, plain: Readonly<Record<string, unknown>>): string {
  return isYamlPath(path) ? yaml.dump(plain, { schema: yaml.JSON_SCHEMA, noRefs: true, lineWidth: -1 }) : `${JSON.stringify(plain, null, 2)}\n`;
}
