import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { addCustomSynthesis, makeUniqueId } from '../../lib/private/cdktf-internals';

/**
 * The library's two hooks into cdktf's internals still do what it relies on; if a cdktf (or CDK
 * Terrain) release changes either, this fails first, with the name of the hook.
 */
describe('cdktf internals the library uses', () => {
  test('addCustomSynthesis runs after validation, with the stack manifest and the output folder', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'internals-'));
    try {
      const app = new App({ outdir });
      const stack = new TerraformStack(app, 'stack');
      const order: string[] = [];
      stack.node.addValidation({ validate: () => (order.push('validate'), []) });
      addCustomSynthesis(new Construct(stack, 'Hook'), (session) => {
        order.push('synthesize');
        const dir = path.join(session.outdir, session.manifest.forStack(stack).workingDirectory);
        fs.writeFileSync(path.join(dir, 'hook.txt'), 'written');
      });
      app.synth();
      expect(order).toEqual(['validate', 'synthesize']);
      expect(fs.readFileSync(path.join(outdir, 'stacks', 'stack', 'hook.txt'), 'utf8')).toBe('written');
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('makeUniqueId gives the logical ids cdktf gives resources', () => {
    expect(makeUniqueId(['Ssh', 'Segment-tcp-22-ip-10_1_0_4', 'Resource'])).toBe('Ssh_Segment-tcp-22-ip-10_1_0_4_A5889F60');
  });
});
