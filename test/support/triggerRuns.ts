/**
 * Runs a trigger of a converted component (src/index.ts or the bundle) as the platform runs a
 * flow that batches: perform, then the resolver's resolveItems (one execution per item at batch
 * size 1) and getNextPaginationState, again and again with the cursor until it is null. Spectral's
 * harness calls only perform; this calls the resolvers the component declares, by their wire
 * names (resolveTriggerItems / getNextPaginationState, and the on-deploy pair).
 */
import { testing } from "@prismatic-io/spectral";

type Component = Parameters<typeof testing.createHarness>[0];

type Json = Record<string, unknown>;
type Resolver = (context: unknown, result: unknown) => unknown;

/** The wire fields spectral's convertTrigger gives a trigger with resolvers. */
export interface ServerTrigger {
  inputs: { key: string }[];
  perform: (...args: unknown[]) => Promise<unknown>;
  onDeployPerform?: (...args: unknown[]) => Promise<unknown>;
  triggerResolverSupport?: string;
  triggerResolverDefaultBatchSize?: number;
  resolveTriggerItems?: Resolver;
  getNextPaginationState?: Resolver;
  resolveOnDeployItems?: Resolver;
  getOnDeployNextPaginationState?: Resolver;
}

export interface RunPage {
  result: { payload: Json & { body: { data: Json } }; resultType?: string };
  items: unknown[];
  next: Json | null;
}

export interface RunOptions {
  /** The platform's store for the instance; the pages of the run read and write it. */
  instanceState: Json;
  /** Stop after this many pages (a test's guard; the trigger ends runs itself). */
  maxPages?: number;
  /**
   * Whether a page sees what the page before it saved in instanceState (true), or the state as
   * the run began, with only the last page's saved (false: a platform that stores it per run).
   */
  statePerPage?: boolean;
  /** The pagination state of the first page (a platform's run starts with none). */
  firstCursor?: Json;
  /** Called before each page, with the page's number (from 1). */
  beforePage?: (page: number) => Promise<void>;
}

export function serverTrigger(component: unknown, key: string): ServerTrigger {
  return (component as { triggers: Record<string, ServerTrigger> }).triggers[key];
}

/**
 * One run of the trigger (`onDeploy`: of its on-deploy perform and resolver). Every cursor and
 * the instance state pass through JSON between pages, as the platform stores them.
 */
export async function runBatched(
  component: unknown,
  key: string,
  params: Json,
  options: RunOptions & { onDeploy?: boolean },
): Promise<{ pages: RunPage[]; items: unknown[] }> {
  const trigger = serverTrigger(component, key);
  const perform = options.onDeploy ? trigger.onDeployPerform : trigger.perform;
  const resolveItems = options.onDeploy
    ? trigger.resolveOnDeployItems
    : trigger.resolveTriggerItems;
  const nextState = options.onDeploy
    ? trigger.getOnDeployNextPaginationState
    : trigger.getNextPaginationState;
  if (!perform || !resolveItems || !nextState) throw new Error(`${key} has no resolver`);
  // The harness cleans inputs and builds the context; it runs `perform` of the trigger it is given.
  const harness = testing.createHarness({
    triggers: { [key]: { ...trigger, perform } },
  } as unknown as Component);
  const startState = JSON.stringify(options.instanceState);
  const pages: RunPage[] = [];
  const items: unknown[] = [];
  let cursor: Json | null = options.firstCursor ?? null;
  for (let page = 1; page <= (options.maxPages ?? 200); page++) {
    await options.beforePage?.(page);
    const instanceState =
      options.statePerPage === false ? JSON.parse(startState) : options.instanceState;
    const result = (await harness.trigger(
      key,
      cursor ? ({ paginationState: cursor } as never) : undefined,
      params as never,
      { instanceState },
    )) as unknown as RunPage["result"];
    const context = { instanceState };
    const pageItems = resolveItems(context, result) as unknown[];
    const next = nextState(context, result) as Json | null;
    pages.push({ result, items: pageItems, next });
    items.push(...pageItems);
    if (options.statePerPage === false) {
      for (const name of Object.keys(options.instanceState)) delete options.instanceState[name];
      Object.assign(options.instanceState, instanceState);
    }
    if (next === null) return { pages, items };
    cursor = JSON.parse(JSON.stringify(next)) as Json;
    const stored = JSON.parse(JSON.stringify(options.instanceState)) as Json;
    for (const name of Object.keys(options.instanceState)) delete options.instanceState[name];
    Object.assign(options.instanceState, stored);
  }
  throw new Error(`the run did not end within ${options.maxPages ?? 200} pages`);
}
