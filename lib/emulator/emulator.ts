/**
 * The Graph emulator: an emulated tenant behind an HTTPS CONNECT proxy on 127.0.0.1, a local CA
 * whose certificate the child processes trust (`SSL_CERT_FILE`), and a fake `az` that signs them
 * in. The real providers reach it unchanged: `HTTPS_PROXY` sends their calls to the proxy, which
 * terminates TLS for the Microsoft Graph and Entra login hosts and refuses every other host at once.
 */
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo, Socket } from 'net';
import * as os from 'os';
import * as path from 'path';
import * as tls from 'tls';
import { FakeAzIdentity, identityOfToken, setFakeAzIdentity, writeFakeAz } from './fake-az';
import { EmulatedTenant, RecordedRequest, TenantSeed } from './tenant';
import { LocalCertificateAuthority } from './x509';

/** The Graph hosts of the clouds the msgraph and azuread providers know. */
export const EMULATED_GRAPH_HOSTS: readonly string[] = ['graph.microsoft.com', 'graph.microsoft.us', 'dod-graph.microsoft.us', 'microsoftgraph.chinacloudapi.cn'];

/** The Entra login hosts: answered (with an error: the fake `az` is the only sign-in) rather than left to time out. */
export const EMULATED_LOGIN_HOSTS: readonly string[] = ['login.microsoftonline.com', 'login.microsoftonline.us', 'login.chinacloudapi.cn'];

/** Options of `GraphEmulator.start`. */
export interface GraphEmulatorOptions {
  /**
   * The tenant to start from.
   *
   * @default - an empty tenant with Global Secure Access activated (its three forwarding profiles, disabled)
   */
  readonly seed?: TenantSeed;

  /**
   * How the fake `az` signs in: `user` (delegated, as `az login` does) or `app` (app-only, as a
   * pipeline's service principal does). Graph refuses some calls to app-only tokens.
   *
   * @default 'user'
   */
  readonly identity?: 'user' | 'app';
}

/** The emulator; `GraphEmulator.start()` makes one, `stop()` ends it. */
export class GraphEmulator {
  /**
   * Starts an emulator on 127.0.0.1 (a free port) and writes its CA certificate and fake `az`
   * into a new temporary folder.
   *
   * @param options the seed and the identity
   */
  public static async start(options: GraphEmulatorOptions = {}): Promise<GraphEmulator> {
    const emulator = new GraphEmulator(options);
    await emulator.listen();
    return emulator;
  }

  /** The emulated tenant: its state and the requests it received. */
  public readonly tenant: EmulatedTenant;

  /** The temporary folder of the CA certificate (`ca.pem`) and the fake `az` (`bin/`). */
  public readonly directory: string;

  private readonly proxy: http.Server;
  private readonly inner: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly secureContext: tls.SecureContext;
  private identity: FakeAzIdentity;
  private port = 0;

  private constructor(options: GraphEmulatorOptions) {
    this.tenant = new EmulatedTenant(options.seed);
    this.directory = fs.mkdtempSync(path.join(os.tmpdir(), 'epa-emulator-'));
    const ca = new LocalCertificateAuthority();
    const leaf = ca.issue([...EMULATED_GRAPH_HOSTS, ...EMULATED_LOGIN_HOSTS]);
    fs.writeFileSync(path.join(this.directory, 'ca.pem'), ca.certificatePem);
    this.secureContext = tls.createSecureContext({ key: leaf.privateKeyPem, cert: leaf.certificatePem });
    this.identity = this.identityOf(options.identity ?? 'user');
    writeFakeAz(this.binDirectory, this.identity);

    this.inner = http.createServer((req, res) => this.serve(req, res));
    this.proxy = http.createServer((req, res) => {
      // A plain-HTTP request through the proxy: nothing here is served over HTTP.
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end(`the Graph emulator serves HTTPS to ${EMULATED_GRAPH_HOSTS.join(', ')} only, not ${req.url}\n`);
    });
    this.proxy.on('connect', (req: http.IncomingMessage, socket: Socket) => this.connect(req, socket));
    this.proxy.on('connection', (socket: Socket) => this.track(socket));
  }

  /** The proxy's URL (`http://127.0.0.1:<port>`), for `HTTPS_PROXY`. */
  public get proxyUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The CA certificate's file, for `SSL_CERT_FILE`. */
  public get caFile(): string {
    return path.join(this.directory, 'ca.pem');
  }

  /** The folder of the fake `az`, to put first on PATH. */
  public get binDirectory(): string {
    return path.join(this.directory, 'bin');
  }

  /** Every request received so far, in order. */
  public get requests(): RecordedRequest[] {
    return [...this.tenant.requests];
  }

  /** The tenant's state, in the seed's shape. */
  public snapshot(): Required<TenantSeed> {
    return this.tenant.snapshot();
  }

  /** Switches how the fake `az` signs in from now on: `user` (delegated) or `app` (app-only). */
  public setIdentity(kind: 'user' | 'app'): void {
    this.identity = this.identityOf(kind);
    setFakeAzIdentity(this.binDirectory, this.identity);
  }

  /**
   * The environment of a process that should reach the emulator instead of Microsoft: `base`
   * (default: this process's environment) with the proxy, the CA file, the fake `az` first on PATH
   * and Azure CLI authentication selected. Credentials that would take another sign-in path
   * (`ARM_CLIENT_ID`, secrets, OIDC and MSI settings) are removed.
   *
   * @param base the environment to start from
   */
  public env(base: Record<string, string | undefined> = process.env): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(base)) {
      if (v !== undefined && !/^(ARM_(CLIENT_|OIDC_|USE_OIDC|USE_MSI|USE_AKS|MSI_|USE_POWERSHELL)|AZURE_(CLIENT_|FEDERATED_|TENANT_ID)|ACTIONS_ID_TOKEN_)/.test(k) && !/^(https?|no|all)_proxy$/i.test(k)) {
        env[k] = v;
      }
    }
    return {
      ...env,
      HTTPS_PROXY: this.proxyUrl,
      https_proxy: this.proxyUrl,
      HTTP_PROXY: this.proxyUrl,
      http_proxy: this.proxyUrl,
      NO_PROXY: '127.0.0.1,localhost',
      no_proxy: '127.0.0.1,localhost',
      SSL_CERT_FILE: this.caFile,
      PATH: [this.binDirectory, env.PATH ?? ''].join(path.delimiter),
      ARM_USE_CLI: 'true',
      ARM_TENANT_ID: this.tenant.tenantId,
      ARM_ENVIRONMENT: 'public',
      CHECKPOINT_DISABLE: '1',
    };
  }

  /** Stops the proxy and removes the temporary folder. */
  public async stop(): Promise<void> {
    for (const socket of this.sockets) {
      socket.destroy();
    }
    await new Promise<void>((resolve) => this.proxy.close(() => resolve()));
    this.inner.close();
    fs.rmSync(this.directory, { recursive: true, force: true });
  }

  private identityOf(kind: 'user' | 'app'): FakeAzIdentity {
    return kind === 'user'
      ? { kind, objectId: '00000000-0000-0000-0000-00000000a001', name: 'admin@contoso.example', tenantId: this.tenant.tenantId }
      : { kind, objectId: '00000000-0000-0000-0000-00000000a002', name: 'deploy-pipeline', tenantId: this.tenant.tenantId };
  }

  private async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.proxy.once('error', reject);
      // Loopback only.
      this.proxy.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.proxy.address() as AddressInfo).port;
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private connect(req: http.IncomingMessage, socket: Socket): void {
    const [host, port] = (req.url ?? '').split(':');
    const emulated = [...EMULATED_GRAPH_HOSTS, ...EMULATED_LOGIN_HOSTS].includes(host.toLowerCase()) && (port ?? '443') === '443';
    socket.on('error', () => socket.destroy());
    if (!emulated) {
      // Refused at once: the SDKs retry connection failures for minutes, a refusal they report.
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nthe Graph emulator does not emulate ${req.url}\n`);
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    const secure = new tls.TLSSocket(socket, { isServer: true, secureContext: this.secureContext, ALPNProtocols: ['http/1.1'] });
    secure.on('error', () => socket.destroy());
    this.inner.emit('connection', secure);
  }

  private serve(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const host = String(req.headers.host ?? '').split(':')[0].toLowerCase();
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      if (text.trim() !== '') {
        try {
          body = JSON.parse(text);
        } catch {
          return send(res, { status: 400, body: { error: { code: 'BadRequest', message: 'The request body is not JSON' } } });
        }
      }
      if (!EMULATED_GRAPH_HOSTS.includes(host)) {
        // The login hosts: the providers sign in through the fake az, never here.
        return send(res, { status: 400, body: { error: 'invalid_request', error_description: `the Graph emulator signs in through its fake az only; ${req.method} https://${host}${req.url} is not served` } });
      }
      send(res, this.tenant.handle(req.method ?? 'GET', host, req.url ?? '/', body, identityOfToken(req.headers.authorization)));
    });
  }
}

function send(res: http.ServerResponse, response: { status: number; body?: unknown; headers?: Record<string, string> }): void {
  const headers: Record<string, string> = { ...(response.headers ?? {}), 'request-id': 'emulator' };
  if (response.body === undefined) {
    res.writeHead(response.status, headers).end();
  } else {
    res.writeHead(response.status, { ...headers, 'Content-Type': 'application/json; odata.metadata=minimal' }).end(JSON.stringify(response.body));
  }
}
