import { firstFieldError, RafagaError } from "@rafaga/core";
import { DomainScriptStore } from "@rafaga/store";
import { type Static, Type } from "@sinclair/typebox";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import type { DomainModule } from "../domain-module.ts";
import { domainStore } from "../domain-store.ts";
import { LUA_SOURCES } from "./lua-sources.ts";

/**
 * A domain that exists only to prove that a domain is one folder: `POST /tally` with
 * `{"counter": "a", "amount": 3}` adds 3 to `tally:a`. The tiers load it from
 * DOMAIN_MODULES (see tally-domain.test.ts); no generic tier names it.
 */
export const TallyInput = Type.Object(
  {
    counter: Type.String({ pattern: "^[a-z0-9-]{1,40}$", description: "counter name" }),
    amount: Type.Integer({ minimum: 1, maximum: 1_000_000, description: "added to the counter" }),
  },
  { additionalProperties: false },
);
export type TallyInput = Static<typeof TallyInput>;

const check = TypeCompiler.Compile(TallyInput);
const text = new TextEncoder();
const utf8 = new TextDecoder();

interface TallyEvent extends TallyInput {
  id: string;
}

const tallyDomain: DomainModule = {
  id: 90,
  name: "tally",
  description: "tally events (test-only domain)",
  http: {
    path: "/tally",
    encode(input) {
      if (!check.Check(input)) throw firstFieldError(TallyInput, input);
      return text.encode(`${input.counter}\t${input.amount}`);
    },
    accepted: (id) => ({ id }),
    rejected: (error) => error.toJSON(),
  },
  defaults: { destination: "tally-events", group: "tally-group", routing: "both", partitions: 3 },
  openStore: (options) =>
    domainStore(
      tallyDomain,
      new DomainScriptStore<TallyEvent>(
        {
          name: "tally-apply.lua",
          lua: LUA_SOURCES["tally-apply.lua"],
          pack: (e) => `${e.counter}\t${e.amount}`,
        },
        options,
      ),
      (envelope): TallyEvent => {
        const [counter, amount] = utf8.decode(envelope.payload).split("\t");
        if (!counter || !amount) {
          throw new RafagaError("DECODE", `tally event ${envelope.id}: malformed payload`);
        }
        return { id: envelope.id, counter, amount: Number(amount) };
      },
    ),
};

export default tallyDomain;
