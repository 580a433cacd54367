/**
 * Runs a pipeline's jobs here, the way the CI system would, with the stand-ins of stand-ins.ts
 * first on PATH: GitHub Actions workflows (jobs ordered by `needs`, `if:` evaluated, `run:` steps
 * in the shell the runner uses, the actions the examples use emulated) and Azure Pipelines
 * (stages, jobs and steps with their conditions and dependencies, `script:` and AzureCLI@2 in the
 * shell the agent uses, artifacts, logging commands).
 *
 * The shells, from the runners' source and documentation:
 * - GitHub Actions: a `run:` step without `shell` runs `bash -e {0}`; with `shell: bash`,
 *   `bash --noprofile --norc -eo pipefail {0}` (docs "Workflow syntax", jobs.<id>.steps[*].shell;
 *   github/docs#23853 records the runner's behaviour).
 * - Azure Pipelines: `script:` is the CmdLine@2 task, which writes the script to a file and runs
 *   `bash --noprofile --norc <file>` (microsoft/azure-pipelines-tasks, Tasks/CmdLineV2/cmdline.ts);
 *   AzureCLI@2 with scriptType bash runs `bash <file>` (Tasks/AzureCLIV2/src/ScriptType.ts). Neither
 *   passes -e.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseDocument } from 'yaml';
import { azureCondition, azureMacros, githubCondition, githubInterpolate, GithubScope } from './expressions';
import { readCalls, ToolCall, writeStandIns } from './stand-ins';

/**
 * Fails with the tools that are missing: the runs need bash and git, and the pipelines' scripts
 * call openssl and node for real (only the tools of stand-ins.ts are stand-ins).
 */
export function requireTools(tools: string[] = ['bash', 'git', 'openssl']): void {
  const missing = tools.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`], { encoding: 'utf8' }).status !== 0);
  if (missing.length > 0) {
    throw new Error(`the pipeline tests need ${missing.join(', ')} on PATH, as the CI runners have them: install ${missing.length === 1 ? 'it' : 'them'} (apt-get install ${missing.join(' ')})`);
  }
}

/** A YAML file parsed with a real YAML parser; syntax errors and duplicate keys throw. */
export function loadYaml(file: string): any {
  const doc = parseDocument(fs.readFileSync(file, 'utf8'), { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new Error(`${file}: ${doc.errors.map(String).join('\n')}`);
  }
  return doc.toJS();
}

/** The outcome of one step. */
export interface StepResult {
  readonly name: string;
  readonly status: 'success' | 'failure' | 'skipped';
  readonly exitCode?: number;
  readonly output: string;
  /** For `run`/`script` steps: the shell command line used (with the script file as `<script>`). */
  readonly shell?: string[];
}

/** The outcome of one job. */
export interface JobResult {
  readonly id: string;
  readonly result: 'success' | 'failure' | 'skipped';
  readonly steps: StepResult[];
  readonly outputs: Record<string, string>;
  /** The run summary it wrote ($GITHUB_STEP_SUMMARY, ##vso[task.uploadsummary]). */
  readonly summary: string;
  /** The environment (with its approval) the job ran in. */
  readonly environment?: string;
  /** What `uses`/`task` steps were given, for the settings tests. */
  readonly actions: { readonly uses: string; readonly with: Record<string, unknown> }[];
}

/** A run of a whole pipeline. */
export interface RunResult {
  readonly jobs: Record<string, JobResult>;
  readonly calls: ToolCall[];
  /** Artifact name to its folder. */
  readonly artifacts: Record<string, string>;
  /** Azure Pipelines: stage name to its result. */
  readonly stages: Record<string, 'succeeded' | 'failed' | 'skipped'>;
}

/** What every run shares. */
interface RunContext {
  readonly work: string;
  readonly standIns: string;
  readonly log: string;
  readonly scenario: Record<string, string>;
  readonly artifacts: Record<string, string>;
}

function newRun(work: string, scenario: Record<string, string>): RunContext {
  fs.mkdirSync(work, { recursive: true });
  const standIns = writeStandIns(path.join(work, 'stand-ins'));
  fs.mkdirSync(path.join(work, 'home'), { recursive: true });
  return { work, standIns, log: path.join(work, 'calls.jsonl'), scenario, artifacts: {} };
}

function baseEnv(run: RunContext, job: string): Record<string, string> {
  return {
    PATH: [run.standIns, path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter),
    HOME: path.join(run.work, 'home'),
    LANG: 'C.UTF-8',
    CI: 'true',
    npm_config_cache: path.join(run.work, 'npm-cache'),
    STANDIN_LOG: run.log,
    STANDIN_JOB: job,
    ...run.scenario,
  };
}

/** Copies a folder; `hidden: false` leaves out dot files and folders, as upload-artifact does by default. */
function copyTree(from: string, to: string, hidden = true): number {
  let files = 0;
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (!hidden && entry.name.startsWith('.')) {
      continue;
    }
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) {
      files += copyTree(src, dst, hidden);
    } else {
      fs.copyFileSync(src, dst);
      files++;
    }
  }
  return files;
}

/** Runs a script file with a shell command line; `{0}` is the file. */
function runShell(shell: string[], script: string, cwd: string, env: Record<string, string>, tempDir: string): { code: number; output: string } {
  fs.mkdirSync(tempDir, { recursive: true });
  const file = path.join(tempDir, `script-${Math.random().toString(36).slice(2)}.sh`);
  fs.writeFileSync(file, script);
  const argv = shell.map((a) => (a === '{0}' ? file : a));
  const r = spawnSync(argv[0], argv.slice(1), { cwd, env, encoding: 'utf8', timeout: 300_000, maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status ?? 1, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

/** Each job's result, by job. */
export function results(run: RunResult): Record<string, JobResult['result']> {
  return Object.fromEntries(Object.entries(run.jobs).map(([id, j]) => [id, j.result]));
}

/** The calls a job made, of a tool (and with an argument) when given. */
export function callsOf(run: RunResult, job: string, tool?: string, arg?: string): ToolCall[] {
  return run.calls.filter((c) => c.job === job && (tool === undefined || c.tool === tool) && (arg === undefined || c.args.includes(arg)));
}

/** `tool:subcommand` of a call (its first argument that is not an option). */
export function callName(call: ToolCall): string {
  return `${call.tool}:${call.args.find((a) => !a.startsWith('-')) ?? ''}`;
}

// ------------------------------------------------------------------------------ GitHub Actions

/** The event that starts a GitHub Actions run. */
export interface GithubEvent {
  readonly name: 'pull_request' | 'push';
  /** refs/heads/main for a push, refs/pull/<n>/merge for a pull request. */
  readonly ref: string;
  /** The repository of the pull request's branch (another one for a fork). */
  readonly headRepository?: string;
  readonly number?: number;
}

/** How to run a workflow. */
export interface GithubRun {
  readonly work: string;
  readonly event: GithubEvent;
  readonly repository: string;
  /** The folder a checkout of the event's commit gets, and of the pull request's base commit. */
  readonly checkout: { readonly head: string; readonly base?: string };
  readonly vars?: Record<string, string>;
  readonly secrets?: Record<string, string>;
  /** STANDIN_* settings for this run. */
  readonly scenario?: Record<string, string>;
}

const BASE_SHA = 'b45e0000000000000000000000000000000000b5';

/** The command line a `run:` step gets, from its `shell` (or the defaults'). */
export function githubShell(shell: unknown): string[] {
  if (shell === undefined) {
    return ['bash', '-e', '{0}'];
  }
  if (shell === 'bash') {
    return ['bash', '--noprofile', '--norc', '-eo', 'pipefail', '{0}'];
  }
  if (shell === 'sh') {
    return ['sh', '-e', '{0}'];
  }
  const custom = String(shell).split(/\s+/);
  if (!custom.includes('{0}')) {
    throw new Error(`shell ${JSON.stringify(shell)} is not emulated`);
  }
  return custom;
}

function matrixCombinations(strategy: any): Record<string, unknown>[] {
  const matrix = strategy?.matrix;
  if (!matrix) {
    return [{}];
  }
  let combos: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(matrix)) {
    if (!Array.isArray(values)) {
      throw new Error(`matrix ${key} is not a list; not emulated`);
    }
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  }
  return combos;
}

/** Runs a workflow for an event: every job whose `if` holds, in `needs` order. */
export function runGithubWorkflow(file: string, options: GithubRun): RunResult {
  const wf = loadYaml(file);
  const run = newRun(options.work, options.scenario ?? {});
  const fork = options.event.name === 'pull_request' && options.event.headRepository !== options.repository;
  const github = {
    event_name: options.event.name,
    ref: options.event.ref,
    repository: options.repository,
    sha: '5ha0000000000000000000000000000000000000',
    run_id: '42',
    token: 'github-token',
    workspace: '',
    base_ref: options.event.name === 'pull_request' ? 'main' : '',
    event:
      options.event.name === 'pull_request'
        ? { pull_request: { number: options.event.number ?? 7, head: { repo: { full_name: options.event.headRepository } }, base: { sha: BASE_SHA, ref: 'main' } } }
        : {},
  };
  // Pull requests from forks get no secrets (but GITHUB_TOKEN) and no OIDC token.
  const secrets = fork ? {} : (options.secrets ?? {});
  const jobs: Record<string, JobResult> = {};
  const pending = Object.keys(wf.jobs);
  while (pending.length > 0) {
    const ready = pending.findIndex((id) => [wf.jobs[id].needs ?? []].flat().every((n: string) => jobs[n] !== undefined));
    if (ready < 0) {
      throw new Error(`jobs ${pending.join(', ')} wait for each other`);
    }
    const id = pending.splice(ready, 1)[0];
    const job = wf.jobs[id];
    const needIds: string[] = [job.needs ?? []].flat();
    const needs = Object.fromEntries(needIds.map((n) => [n, { result: jobs[n].result, outputs: jobs[n].outputs }]));
    const scope: GithubScope = { contexts: { github, vars: options.vars ?? {}, needs, inputs: {} }, succeeded: needIds.every((n) => jobs[n].result === 'success') };
    if (!githubCondition(job.if, scope)) {
      jobs[id] = { id, result: 'skipped', steps: [], outputs: {}, summary: '', actions: [] };
      continue;
    }
    const results = matrixCombinations(job.strategy).map((matrix, i) =>
      runGithubJob(run, wf, id, job, { github, secrets, needs, matrix, fork, vars: options.vars ?? {}, checkout: options.checkout, index: i }),
    );
    jobs[id] =
      results.length === 1
        ? results[0]
        : { ...results[0], result: results.every((r) => r.result === 'success') ? 'success' : 'failure', steps: results.flatMap((r) => r.steps), actions: results.flatMap((r) => r.actions) };
  }
  return { jobs, calls: readCalls(run.log), artifacts: run.artifacts, stages: {} };
}

interface GithubJobInput {
  readonly github: any;
  readonly secrets: Record<string, string>;
  readonly vars: Record<string, string>;
  readonly needs: Record<string, unknown>;
  readonly matrix: Record<string, unknown>;
  readonly fork: boolean;
  readonly checkout: GithubRun['checkout'];
  readonly index: number;
}

function runGithubJob(run: RunContext, wf: any, id: string, job: any, input: GithubJobInput): JobResult {
  const root = path.join(run.work, 'jobs', `${id}-${input.index}`);
  const workspace = path.join(root, 'workspace');
  const temp = path.join(root, 'temp');
  fs.mkdirSync(workspace, { recursive: true });
  fs.mkdirSync(temp, { recursive: true });
  const files = { output: path.join(temp, 'output'), env: path.join(temp, 'env'), path: path.join(temp, 'path'), summary: path.join(temp, 'summary.md') };
  const permissions = job.permissions ?? wf.permissions ?? {};
  const github = { ...input.github, workspace };
  const contexts: Record<string, unknown> = { github, vars: input.vars, secrets: input.secrets, needs: input.needs, matrix: input.matrix, runner: { os: 'Linux', temp }, steps: {}, inputs: {} };
  const interpolate = (value: unknown, envContext: Record<string, string>) => githubInterpolate(value, { contexts: { ...contexts, env: envContext }, succeeded: true });
  const wfEnv = Object.fromEntries(Object.entries((interpolate(wf.env ?? {}, {}) as Record<string, unknown>)).map(([k, v]) => [k, String(v)]));
  const jobEnv = { ...wfEnv, ...Object.fromEntries(Object.entries(interpolate(job.env ?? {}, wfEnv) as Record<string, unknown>).map(([k, v]) => [k, String(v)])) };
  const runtime: Record<string, string> = {
    ...baseEnv(run, id),
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: temp,
    RUNNER_OS: 'Linux',
    GITHUB_OUTPUT: files.output,
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_EVENT_NAME: github.event_name,
    GITHUB_REF: github.ref,
    GITHUB_SHA: github.sha,
    GITHUB_REPOSITORY: github.repository,
    GITHUB_RUN_ID: github.run_id,
    GITHUB_BASE_REF: github.base_ref,
  };
  // The runner hands out OIDC tokens only to jobs with id-token: write, and never to forks.
  if (permissions['id-token'] === 'write' && !input.fork) {
    runtime.ACTIONS_ID_TOKEN_REQUEST_URL = 'https://token.actions.example/request';
    runtime.ACTIONS_ID_TOKEN_REQUEST_TOKEN = 'actions-id-token-request-token';
  }
  const steps: StepResult[] = [];
  const actions: JobResult['actions'] = [];
  const added: Record<string, string> = {};
  const extraPath: string[] = [];
  let failed = false;
  for (const [n, step] of (job.steps as any[]).entries()) {
    const name = step.name ?? step.uses ?? String(step.run).split('\n')[0];
    const stepEnvContext = { ...jobEnv, ...added };
    if (!githubCondition(step.if, { contexts: { ...contexts, env: stepEnvContext }, succeeded: !failed })) {
      steps.push({ name, status: 'skipped', output: '' });
      continue;
    }
    const env: Record<string, string> = {
      ...runtime,
      ...stepEnvContext,
      ...Object.fromEntries(Object.entries(interpolate(step.env ?? {}, stepEnvContext) as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
    };
    env.PATH = [...extraPath, env.PATH].join(path.delimiter);
    let result: { code: number; output: string; shell?: string[]; outputs?: Record<string, string> };
    if (step.uses) {
      const withs = (interpolate(step.with ?? {}, stepEnvContext) ?? {}) as Record<string, unknown>;
      actions.push({ uses: step.uses, with: withs });
      result = githubAction(run, step.uses, withs, { workspace, github, checkout: input.checkout, index: n });
    } else if (typeof step.run === 'string') {
      const shell = githubShell(step.shell ?? job.defaults?.run?.shell ?? wf.defaults?.run?.shell);
      const cwd = path.resolve(workspace, String(step['working-directory'] ?? job.defaults?.run?.['working-directory'] ?? wf.defaults?.run?.['working-directory'] ?? '.'));
      fs.writeFileSync(files.output, '');
      fs.writeFileSync(files.env, '');
      fs.writeFileSync(files.path, '');
      result = { ...runShell(shell, step.run, cwd, env, temp), shell: shell.map((a) => (a === '{0}' ? '<script>' : a)) };
      result.outputs = parseGithubFile(files.output);
      Object.assign(added, parseGithubFile(files.env));
      extraPath.unshift(...fs.readFileSync(files.path, 'utf8').split('\n').filter(Boolean).reverse());
    } else {
      throw new Error(`job ${id}: step ${n} has neither uses nor run`);
    }
    const ok = result.code === 0 || step['continue-on-error'] === true;
    steps.push({ name, status: result.code === 0 ? 'success' : 'failure', exitCode: result.code, output: result.output, shell: result.shell });
    if (step.id) {
      (contexts.steps as Record<string, unknown>)[step.id] = { outputs: result.outputs ?? {}, outcome: result.code === 0 ? 'success' : 'failure' };
    }
    failed = failed || !ok;
  }
  const outputs = Object.fromEntries(
    Object.entries(job.outputs ?? {}).map(([k, v]) => [k, String(githubInterpolate(v, { contexts: { ...contexts, env: jobEnv }, succeeded: true }))]),
  );
  return {
    id,
    result: failed ? 'failure' : 'success',
    steps,
    outputs,
    summary: fs.existsSync(files.summary) ? fs.readFileSync(files.summary, 'utf8') : '',
    environment: typeof job.environment === 'string' ? job.environment : job.environment?.name,
    actions,
  };
}

/** `NAME=value` lines and `NAME<<DELIM … DELIM` blocks of $GITHUB_OUTPUT / $GITHUB_ENV. */
function parseGithubFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fs.existsSync(file)) {
    return out;
  }
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      out[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i].includes('=')) {
      out[lines[i].slice(0, lines[i].indexOf('='))] = lines[i].slice(lines[i].indexOf('=') + 1);
    }
  }
  return out;
}

/** The actions the examples use, emulated; any other is an error. */
function githubAction(
  run: RunContext,
  uses: string,
  withs: Record<string, unknown>,
  job: { workspace: string; github: any; checkout: GithubRun['checkout']; index: number },
): { code: number; output: string; outputs?: Record<string, string> } {
  const action = uses.split('@')[0];
  switch (action) {
    case 'actions/checkout': {
      const ref = withs.ref === undefined ? undefined : String(withs.ref);
      const source = ref === undefined ? job.checkout.head : ref === BASE_SHA ? job.checkout.base : undefined;
      if (!source) {
        return { code: 1, output: `checkout: no fixture for ref ${ref}` };
      }
      copyTree(source, path.resolve(job.workspace, String(withs.path ?? '.')));
      return { code: 0, output: `checked out ${ref ?? job.github.ref}` };
    }
    case 'actions/setup-node':
    case 'actions/setup-python':
    case 'actions/setup-go':
    case 'hashicorp/setup-terraform':
    case 'actions/cache':
      return { code: 0, output: `${action} (emulated)` };
    case 'actions/upload-artifact': {
      const name = String(withs.name ?? 'artifact');
      const from = path.resolve(job.workspace, String(withs.path));
      const to = path.join(run.work, 'artifacts', name);
      const count = fs.existsSync(from) ? copyTree(from, to, withs['include-hidden-files'] === true || withs['include-hidden-files'] === 'true') : 0;
      if (count === 0 && (withs['if-no-files-found'] ?? 'warn') === 'error') {
        return { code: 1, output: `No files were found with the provided path: ${withs.path}. No artifacts will be uploaded.` };
      }
      run.artifacts[name] = to;
      const url = `https://github.com/${job.github.repository}/actions/runs/${job.github.run_id}/artifacts/${Object.keys(run.artifacts).length}`;
      return { code: 0, output: `uploaded ${count} files`, outputs: { 'artifact-url': url, 'artifact-id': String(Object.keys(run.artifacts).length) } };
    }
    case 'actions/download-artifact': {
      const name = String(withs.name);
      if (!run.artifacts[name]) {
        return { code: 1, output: `Unable to download artifact(s): Artifact not found for name: ${name}` };
      }
      copyTree(run.artifacts[name], path.resolve(job.workspace, String(withs.path ?? '.')));
      return { code: 0, output: `downloaded ${name}` };
    }
    default:
      throw new Error(`action ${uses} is not emulated`);
  }
}

// ------------------------------------------------------------------------------ Azure Pipelines

/** A service connection of the emulated project. */
export interface ServiceConnection {
  readonly id: string;
  readonly clientId: string;
  readonly tenantId: string;
}

/** How to run an Azure pipeline. */
export interface AzureRun {
  readonly work: string;
  /** Predefined variables of the run: Build.Reason, Build.SourceBranch, System.PullRequest.*, … */
  readonly variables: Record<string, string>;
  /** The variable group's variables, and its secret ones. */
  readonly group: Record<string, string>;
  readonly groupSecrets: Record<string, string>;
  readonly serviceConnections: Record<string, ServiceConnection>;
  /** The repository: a bare git repository, and the ref `checkout: self` checks out. */
  readonly repository: string;
  readonly checkoutRef: string;
  readonly scenario?: Record<string, string>;
}

/** The environment variable name of a pipeline variable: upper case, `.` as `_`. */
function envName(variable: string): string {
  return variable.replace(/\./g, '_').toUpperCase();
}

/** Runs an Azure pipeline: stages in dependency order, with their conditions. */
export function runAzurePipeline(file: string, options: AzureRun): RunResult {
  const p = loadYaml(file);
  const run = newRun(options.work, options.scenario ?? {});
  const predefined: Record<string, string> = {
    'System.CollectionUri': 'https://dev.azure.com/contoso/',
    'System.TeamProject': 'Infrastructure',
    'Build.Repository.ID': 'c0ffee00-0000-0000-0000-000000000001',
    'Build.BuildId': '1234',
    'Agent.OS': 'Linux',
    'System.OidcRequestUri': 'https://dev.azure.com/contoso/_apis/distributedtask/hubs/build/plans/x/jobs/y/oidctoken',
    ...options.variables,
  };
  const secretNames = new Set(['System.AccessToken', ...Object.keys(options.groupSecrets)]);
  const variables: Record<string, string> = { ...predefined, 'System.AccessToken': 'system-access-token' };
  for (const entry of [p.variables ?? []].flat()) {
    if (entry.group) {
      Object.assign(variables, options.group, options.groupSecrets);
    } else if (entry.name) {
      variables[entry.name] = String(entry.value);
    } else {
      for (const [k, v] of Object.entries(entry)) {
        variables[k] = String(v);
      }
    }
  }
  const stages: Record<string, 'succeeded' | 'failed' | 'skipped'> = {};
  const jobs: Record<string, JobResult> = {};
  const stageList: any[] = p.stages ?? [{ stage: '__default', jobs: p.jobs ?? [{ job: 'job', steps: p.steps }] }];
  stageList.forEach((stage, i) => {
    const deps: string[] = stage.dependsOn === undefined ? (i > 0 ? [stageList[i - 1].stage] : []) : [stage.dependsOn].flat();
    for (const d of deps) {
      if (stages[d] === undefined) {
        throw new Error(`stage ${stage.stage} depends on ${d}, which comes later or does not exist`);
      }
    }
    const scope = { variables, succeeded: deps.every((d) => stages[d] === 'succeeded'), failed: deps.some((d) => stages[d] === 'failed') };
    if (!azureCondition(stage.condition, scope)) {
      stages[stage.stage] = 'skipped';
      return;
    }
    const jobResults: Record<string, JobResult> = {};
    for (const job of stage.jobs as any[]) {
      const jobId: string = job.job ?? job.deployment;
      const jobDeps: string[] = job.dependsOn === undefined ? [] : [job.dependsOn].flat();
      const jobScope = { variables, succeeded: jobDeps.every((d) => jobResults[d]?.result === 'success'), failed: jobDeps.some((d) => jobResults[d]?.result === 'failure') };
      const key = `${stage.stage}.${jobId}`;
      if (!azureCondition(job.condition, jobScope)) {
        jobResults[jobId] = jobs[key] = { id: key, result: 'skipped', steps: [], outputs: {}, summary: '', actions: [] };
        continue;
      }
      const jobVariables = { ...variables };
      for (const [k, v] of Object.entries(job.variables ?? {})) {
        jobVariables[k] = String(v);
      }
      jobResults[jobId] = jobs[key] = runAzureJob(run, key, job, jobVariables, secretNames, options);
    }
    stages[stage.stage] = Object.values(jobResults).some((j) => j.result === 'failure') ? 'failed' : 'succeeded';
  });
  return { jobs, calls: readCalls(run.log), artifacts: run.artifacts, stages };
}

function runAzureJob(run: RunContext, key: string, job: any, inherited: Record<string, string>, secretNames: Set<string>, options: AzureRun): JobResult {
  const workspace = path.join(run.work, 'jobs', key);
  const raw: Record<string, string> = {
    ...inherited,
    'Pipeline.Workspace': workspace,
    'Build.SourcesDirectory': path.join(workspace, 's'),
    'System.DefaultWorkingDirectory': path.join(workspace, 's'),
    'Build.ArtifactStagingDirectory': path.join(workspace, 'a'),
    'Agent.TempDirectory': path.join(workspace, '_temp'),
  };
  for (const dir of ['s', 'a', '_temp']) {
    fs.mkdirSync(path.join(workspace, dir), { recursive: true });
  }
  // Macros in variable values are expanded when a step runs, when Pipeline.Workspace is known.
  const variables: Record<string, string> = { ...raw };
  for (let pass = 0; pass < 5; pass++) {
    for (const [k, v] of Object.entries(variables)) {
      variables[k] = azureMacros(v, variables);
    }
  }
  const steps: StepResult[] = [];
  const actions: JobResult['actions'] = [];
  const stepList: any[] = job.deployment ? job.strategy?.runOnce?.deploy?.steps : job.steps;
  let failed = false;
  let summary = '';
  const extraPath: string[] = [];
  for (const step of stepList) {
    const name = step.displayName ?? step.task ?? (step.checkout ? `checkout ${step.checkout}` : step.publish ? `publish ${step.artifact}` : step.download ? `download ${step.artifact}` : 'script');
    if (!azureCondition(step.condition, { variables, succeeded: !failed, failed })) {
      steps.push({ name, status: 'skipped', output: '' });
      continue;
    }
    // Every variable but the secret ones is in the environment; `env:` maps more (secrets too).
    const env: Record<string, string> = { ...baseEnv(run, key) };
    for (const [k, v] of Object.entries(variables)) {
      if (!secretNames.has(k)) {
        env[envName(k)] = v;
      }
    }
    for (const [k, v] of Object.entries(step.env ?? {})) {
      env[k] = azureMacros(String(v), variables);
    }
    env.PATH = [...extraPath, env.PATH].join(path.delimiter);
    const cwd = variables['Build.SourcesDirectory'];
    let result: { code: number; output: string; shell?: string[] };
    if (step.checkout !== undefined) {
      if (step.checkout !== 'self') {
        throw new Error(`checkout ${step.checkout} is not emulated`);
      }
      fs.rmSync(cwd, { recursive: true, force: true });
      const clone = spawnSync('git', ['clone', '-q', options.repository, cwd], { encoding: 'utf8' });
      const co = spawnSync('git', ['-C', cwd, 'checkout', '-q', '--detach', options.checkoutRef], { encoding: 'utf8' });
      result = { code: clone.status || co.status || 0, output: `${clone.stderr}${co.stderr}` };
    } else if (step.script !== undefined || step.bash !== undefined) {
      const shell = ['bash', '--noprofile', '--norc', '{0}'];
      result = { ...runShell(shell, azureMacros(String(step.script ?? step.bash), variables), cwd, env, variables['Agent.TempDirectory']), shell: shell.map((a) => (a === '{0}' ? '<script>' : a)) };
    } else if (step.task !== undefined) {
      const inputs = Object.fromEntries(Object.entries(step.inputs ?? {}).map(([k, v]) => [k, azureMacros(String(v), variables)]));
      actions.push({ uses: step.task, with: inputs });
      const task = String(step.task).split('@')[0];
      if (task === 'AzureCLI') {
        if (inputs.scriptType !== 'bash' || inputs.scriptLocation !== 'inlineScript') {
          throw new Error(`AzureCLI with ${inputs.scriptType}/${inputs.scriptLocation} is not emulated`);
        }
        const connection = options.serviceConnections[inputs.azureSubscription];
        if (!connection) {
          result = { code: 1, output: `There was a resource authorization issue: service connection ${inputs.azureSubscription} not found` };
        } else {
          env.AZURESUBSCRIPTION_SERVICE_CONNECTION_ID = connection.id;
          env.AZURESUBSCRIPTION_CLIENT_ID = connection.clientId;
          env.AZURESUBSCRIPTION_TENANT_ID = connection.tenantId;
          if (inputs.addSpnToEnvironment === 'true') {
            Object.assign(env, { servicePrincipalId: connection.clientId, tenantId: connection.tenantId, idToken: `federated-token-for-${connection.clientId}` });
          }
          const shell = ['bash', '{0}'];
          result = { ...runShell(shell, azureMacros(inputs.inlineScript, variables), cwd, env, variables['Agent.TempDirectory']), shell: shell.map((a) => (a === '{0}' ? '<script>' : a)) };
        }
      } else if (['UseNode', 'NodeTool', 'TerraformInstaller', 'Cache'].includes(task)) {
        result = { code: 0, output: `${step.task} (emulated)` };
      } else {
        throw new Error(`task ${step.task} is not emulated`);
      }
    } else if (step.publish !== undefined) {
      const from = azureMacros(String(step.publish), variables);
      const to = path.join(run.work, 'artifacts', String(step.artifact));
      const count = fs.existsSync(from) ? copyTree(from, to) : 0;
      run.artifacts[String(step.artifact)] = to;
      result = count > 0 ? { code: 0, output: `published ${count} files` } : { code: 1, output: `Path does not exist: ${from}` };
    } else if (step.download !== undefined) {
      const artifact = String(step.artifact);
      if (step.download !== 'current' || !run.artifacts[artifact]) {
        result = { code: 1, output: `Artifact ${artifact} was not found for build 1234.` };
      } else {
        copyTree(run.artifacts[artifact], path.join(workspace, artifact));
        result = { code: 0, output: `downloaded ${artifact}` };
      }
    } else {
      throw new Error(`step ${JSON.stringify(step)} is not emulated`);
    }
    // Logging commands.
    for (const line of result.output.split('\n')) {
      const summaryFile = /^##vso\[task\.uploadsummary\](.+)$/.exec(line.trim());
      if (summaryFile && fs.existsSync(summaryFile[1])) {
        summary += fs.readFileSync(summaryFile[1], 'utf8');
      }
      const setVariable = /^##vso\[task\.setvariable variable=([^;\]]+)[^\]]*\](.*)$/.exec(line.trim());
      if (setVariable) {
        variables[setVariable[1]] = setVariable[2];
      }
      const prepend = /^##vso\[task\.prependpath\](.+)$/.exec(line.trim());
      if (prepend) {
        extraPath.unshift(prepend[1]);
      }
    }
    steps.push({ name, status: result.code === 0 ? 'success' : 'failure', exitCode: result.code, output: result.output, shell: result.shell });
    failed = failed || (result.code !== 0 && step.continueOnError !== true);
  }
  return { id: key, result: failed ? 'failure' : 'success', steps, outputs: {}, summary, environment: job.environment, actions };
}

/**
 * A bare git repository whose `main` holds `main` and, when given, whose branch `pull` (a child
 * of main) holds the pull request's files, for `checkout: self` and the target branch checkout.
 */
export function gitRepository(dir: string, main: string | undefined, pull?: string): string {
  const work = `${dir}-work`;
  const git = (...args: string[]) => {
    const r = spawnSync('git', ['-C', work, '-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], { encoding: 'utf8' });
    if (r.status !== 0) {
      throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    }
  };
  fs.mkdirSync(work, { recursive: true });
  git('init', '-q');
  const commit = (from: string | undefined, message: string) => {
    for (const entry of fs.readdirSync(work)) {
      if (entry !== '.git') {
        fs.rmSync(path.join(work, entry), { recursive: true, force: true });
      }
    }
    if (from) {
      copyTree(from, work);
    } else {
      fs.writeFileSync(path.join(work, 'README.md'), '# empty\n');
    }
    git('add', '-A');
    git('commit', '-q', '--allow-empty', '-m', message);
  };
  commit(main, 'main');
  if (pull) {
    git('checkout', '-q', '-b', 'pull');
    commit(pull, 'pull request');
    git('checkout', '-q', 'main');
  }
  const r = spawnSync('git', ['clone', '-q', '--bare', work, dir], { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`git clone --bare: ${r.stderr}`);
  }
  return dir;
}
