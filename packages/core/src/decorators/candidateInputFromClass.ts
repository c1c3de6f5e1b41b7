/** Turns a decorated class into the candidate input the registry takes. */
import { RegistrationError, RegistrationErrorKind } from '../errors/registrationError.js';
import type { CandidateInput } from '../models/candidateInput.js';
import type { CandidateSource } from '../models/candidateSource.js';
import type { ProviderClass } from '../models/providerFactory.js';
import { getProviderMetadata } from './providerMetadata.js';

/**
 * Reads the provider metadata of a class decorated with `@Adapter`, `@Service`, ...
 * @throws RegistrationError `missingMetadata` naming the class when it has no provider decorator
 */
export function candidateInputFromClass(target: ProviderClass, source?: CandidateSource): CandidateInput {
  const metadata = getProviderMetadata(target);
  const className = target.name === '' ? '<anonymous class>' : target.name;
  if (metadata === undefined) {
    throw new RegistrationError(
      RegistrationErrorKind.missingMetadata,
      `${className}: no provider decorator (@Adapter, @Service, @Task, @EventHandler, @Workflow, @Action or @Provider)`,
      { className },
    );
  }
  return {
    domain: metadata.domain,
    key: metadata.key,
    provider: metadata.provider,
    factory: { kind: 'class', target },
    displayName: className,
    ...(metadata.priority === undefined ? {} : { priority: metadata.priority }),
    ...(metadata.stackLevel === undefined ? {} : { stackLevel: metadata.stackLevel }),
    ...(metadata.capabilities === undefined ? {} : { capabilities: metadata.capabilities }),
    ...(metadata.settings === undefined ? {} : { settingsClass: metadata.settings }),
    ...(metadata.description === undefined ? {} : { description: metadata.description }),
    ...(metadata.metadata === undefined ? {} : { metadata: metadata.metadata }),
    ...(source === undefined ? {} : { source }),
  };
}
