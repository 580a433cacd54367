/**
 * What a checkout of the user's repository holds for the pipeline runs: a package.json, the
 * package-lock.json `npm ci` needs, and the estate `cdktf synth` writes (the stand-in copies
 * `.estate/` to cdktf.out/stacks/<stack>/), synthesized for real by the library.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Estate } from './estate';

/** Options of a checkout. */
export interface CheckoutOptions {
  /** The synthesized estate; without it the checkout has no program (a base before the pipeline). */
  readonly estate?: Estate;
  /** An installation of entra-private-access without pr-comment (an older version). */
  readonly oldCli?: boolean;
  /** Sensitive variables without default the stack declares (a ConnectorHost's secrets). */
  readonly variables?: string[];
}

/** Writes a checkout of the user's repository into `dir` and returns it. */
export function userCheckout(dir: string, options: CheckoutOptions): string {
  fs.mkdirSync(dir, { recursive: true });
  if (options.estate) {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'private-access-infrastructure', version: '1.0.0', private: true }));
    fs.writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify({ name: 'private-access-infrastructure', lockfileVersion: 3 }));
    fs.mkdirSync(path.join(dir, '.estate'));
    for (const file of [options.estate.cdkTfJson, options.estate.review, options.estate.reviewMarkdown]) {
      fs.copyFileSync(file, path.join(dir, '.estate', path.basename(file)));
    }
    if (options.variables) {
      const file = path.join(dir, '.estate', 'cdk.tf.json');
      const tf = JSON.parse(fs.readFileSync(file, 'utf8'));
      tf.variable = Object.fromEntries(options.variables.map((name) => [name, { type: 'string', sensitive: true, nullable: false }]));
      fs.writeFileSync(file, JSON.stringify(tf, null, 2));
    }
  } else {
    fs.writeFileSync(path.join(dir, 'README.md'), '# Infrastructure\n');
  }
  if (options.oldCli) {
    fs.writeFileSync(path.join(dir, '.old-cli'), '');
  }
  return dir;
}

/** Every file under `dir`, as sorted relative paths. */
export function filesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) {
        walk(p);
      } else {
        found.push(path.relative(dir, p));
      }
    }
  };
  walk(dir);
  return found.sort();
}

/** Every file under `dir` whose content holds one of `secrets`, as relative paths. */
export function filesHolding(dir: string, secrets: string[]): string[] {
  return filesUnder(dir).filter((f) => {
    const content = fs.readFileSync(path.join(dir, f));
    return secrets.some((s) => content.includes(s));
  });
}
