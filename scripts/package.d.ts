/** Types of scripts/package.js, for the tests under test/runtimes. */
export declare const LANGUAGES: string[];
export declare function buildPackage(language: 'python' | 'go', outdir?: string, log?: (line: string) => void): string;
export declare function listPackage(dir: string): string[];
