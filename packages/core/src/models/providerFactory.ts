/** How a candidate's instance is made: a class the container builds, or a factory function. */
import type { ResolutionContext } from 'inversify';

/**
 * A class constructor; the container builds it so its own `@inject` dependencies work.
 * @category Models
 */
export type ProviderClass<T = unknown> = new (...args: never[]) => T;

/**
 * A function that builds an instance, given Inversify's resolution context.
 * @category Models
 */
export type ProviderFactoryFunction<T = unknown> = (context: ResolutionContext) => T;

/**
 * Either way of building a provider's instance.
 * @category Models
 */
export type ProviderFactory<T = unknown> =
  | { readonly kind: 'class'; readonly target: ProviderClass<T> }
  | { readonly kind: 'function'; readonly build: ProviderFactoryFunction<T> };
