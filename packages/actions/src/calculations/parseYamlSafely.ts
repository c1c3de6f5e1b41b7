/** Parses YAML with the JSON schema, refusing anchors and aliases (they let a small text expand exponentially). */
import yaml from 'js-yaml';
import { actionError, ActionErrorKind } from '../errors/actionError.js';

class AliasFound extends Error {}

/**
 * The value of a YAML text: JSON-compatible types only (no `!!js` tags, no dates), nesting at
 * most `maxDepth`, and no anchor at all, so no alias can expand.
 * @throws ActionError `limitExceeded` for anchors/aliases, `decodeFailed` for text that is not YAML
 */
export function parseYamlSafely(text: string, key: string, maxDepth = 100): unknown {
  try {
    return yaml.load(text, {
      schema: yaml.JSON_SCHEMA,
      maxDepth,
      // An anchor is recorded before its node closes: the first close after one stops the parse.
      listener: (event: string, state: { anchorMap?: Record<string, unknown> }) => {
        if (event === 'close' && state.anchorMap !== undefined && Object.keys(state.anchorMap).length > 0) {
          throw new AliasFound();
        }
      },
    } as yaml.LoadOptions);
  } catch (error) {
    if (error instanceof AliasFound) {
      throw actionError(ActionErrorKind.limitExceeded, key, 'YAML anchors and aliases are refused', 'text');
    }
    throw actionError(ActionErrorKind.decodeFailed, key, `text is not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, 'text', error);
  }
}
