export { type ApplyResult, applyResult } from "./apply-result.ts";
export { applyBatchScript, type CombinedScript } from "./batch-script.ts";
export {
  type DomainScript,
  DomainScriptStore,
  DomainScriptStoreOptions,
} from "./domain-script-store.ts";
export { dropPrefix } from "./key-prefix.ts";
export { expandIncludes, expandWith, luaLiteral, withSharedIncludes } from "./lua-includes.ts";
export { LUA_INCLUDES } from "./lua-sources.ts";
export { fenceArgs, fenceRanges, isLogName, type LogPosition } from "./offset-fence.ts";
export { ValkeyEnv } from "./store-env.ts";
export { connectionOptions, dedupWindows } from "./store-options.ts";
export { type ConnectionOptions, ValkeyConnection } from "./valkey-connection.ts";
