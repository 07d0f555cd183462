/**
 * Tells spectral's types about this integration's config pages and component registry, so that
 * `context.configVars` and `context.components` are typed in every flow.
 */
import type { componentRegistry, configPages } from "../src";

type TComponentRegistry = typeof componentRegistry;
type TConfigPages = typeof configPages;

declare module "@prismatic-io/spectral" {
  interface IntegrationDefinitionComponentRegistry extends TComponentRegistry {}
  interface IntegrationDefinitionConfigPages extends TConfigPages {}
}
