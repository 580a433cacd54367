/**
 * The two things this library takes from cdktf's internals, in one place (CDK Terrain has both at
 * the same paths). Each is checked when this module loads, so that a cdktf release that moves or
 * renames one fails at once with this message instead of misbehaving at synth;
 * test/private/cdktf-internals.test.ts proves both still behave as the library expects.
 */
import { ISynthesisSession } from 'cdktf';
import { IConstruct } from 'constructs';

interface Internals {
  /** Registers a callback that runs when the stack of `construct` is synthesized. */
  readonly addCustomSynthesis: (construct: IConstruct, synthesis: { onSynthesize(session: ISynthesisSession): void }) => void;
  /** cdktf's logical id of a construct path (relative to its stack). */
  readonly makeUniqueId: (components: string[]) => string;
}

function load(): Internals {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const synthesizer = require('cdktf/lib/synthesize/synthesizer');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const unique = require('cdktf/lib/private/unique');
  for (const [name, fn] of [
    ['addCustomSynthesis (cdktf/lib/synthesize/synthesizer)', synthesizer?.addCustomSynthesis],
    ['makeUniqueId (cdktf/lib/private/unique)', unique?.makeUniqueId],
  ] as const) {
    if (typeof fn !== 'function') {
      throw new Error(
        `cdktf-entra-private-access: this version of cdktf has no ${name}, which the library needs (the access review files and 0.1 segment moves); use cdktf 0.21 or cdktn 0.24`,
      );
    }
  }
  return { addCustomSynthesis: synthesizer.addCustomSynthesis, makeUniqueId: unique.makeUniqueId };
}

const internals = load();

/** Runs `onSynthesize` when the stack of `construct` is synthesized, after validation. */
export function addCustomSynthesis(construct: IConstruct, onSynthesize: (session: ISynthesisSession) => void): void {
  internals.addCustomSynthesis(construct, { onSynthesize });
}

/** cdktf's logical id of a construct path below its stack. */
export function makeUniqueId(components: string[]): string {
  return internals.makeUniqueId(components);
}
