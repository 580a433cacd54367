/**
 * A local certificate authority for the Graph emulator: a CA certificate and leaf certificates for
 * the emulated hosts, made with node:crypto (ECDSA P-256, SHA-256) and written as DER by the small
 * encoder below, so that the emulator needs no dependency. Go's TLS stack (the providers) and
 * OpenSSL (node) accept them: version 3, a positive serial, basic constraints, key usage, the
 * subject and authority key identifiers, and subject alternative names on the leaf (Go ignores the
 * common name).
 *
 * The CA key never leaves the process: only the CA certificate is written to disk, for
 * `SSL_CERT_FILE`.
 */
import { KeyObject, createHash, generateKeyPairSync, randomBytes, sign } from 'crypto';
import { isIPv4 } from 'net';

// ---- DER, the subset certificates need -------------------------------------------------------

function length(n: number): Buffer {
  if (n < 0x80) {
    return Buffer.from([n]);
  }
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) {
    bytes.unshift(v & 0xff);
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** A TLV with the given tag byte. */
export function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const sequence = (...items: Buffer[]): Buffer => der(0x30, ...items);
const set = (...items: Buffer[]): Buffer => der(0x31, ...items);
const octets = (b: Buffer): Buffer => der(0x04, b);
const bits = (b: Buffer, unused = 0): Buffer => der(0x03, Buffer.from([unused]), b);
const bool = (v: boolean): Buffer => der(0x01, Buffer.from([v ? 0xff : 0]));
const utf8 = (s: string): Buffer => der(0x0c, Buffer.from(s, 'utf8'));

/** A non-negative INTEGER from big-endian bytes. */
function integer(bytes: Buffer): Buffer {
  let b = bytes;
  while (b.length > 1 && b[0] === 0 && (b[1] & 0x80) === 0) {
    b = b.subarray(1);
  }
  return der(0x02, (b[0] & 0x80) !== 0 ? Buffer.concat([Buffer.from([0]), b]) : b);
}

/** An OBJECT IDENTIFIER from its dotted form. */
export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out: number[] = [parts[0] * 40 + parts[1]];
  for (const part of parts.slice(2)) {
    const chunk: number[] = [part & 0x7f];
    for (let v = Math.floor(part / 128); v > 0; v = Math.floor(v / 128)) {
      chunk.unshift((v & 0x7f) | 0x80);
    }
    out.push(...chunk);
  }
  return der(0x06, Buffer.from(out));
}

/** UTCTime before 2050, GeneralizedTime from then on (RFC 5280 §4.1.2.5). */
function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
  return d.getUTCFullYear() < 2050 ? der(0x17, Buffer.from(`${iso.slice(2)}Z`)) : der(0x18, Buffer.from(`${iso}Z`));
}

const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
};

function name(commonName: string): Buffer {
  return sequence(
    set(sequence(oid(OID.organization), utf8('cdktf-entra-private-access emulator'))),
    set(sequence(oid(OID.commonName), utf8(commonName))),
  );
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? sequence(oid(id), bool(true), octets(value)) : sequence(oid(id), octets(value));
}

/** The SHA-1 of the public key bits, the usual key identifier (RFC 5280 §4.2.1.2, method 1). */
function keyIdentifier(spki: Buffer): Buffer {
  // SubjectPublicKeyInfo = SEQUENCE { algorithm, BIT STRING }: the last TLV's content less its unused-bits byte.
  const ecPointLength = 65; // uncompressed P-256 point
  return createHash('sha1').update(spki.subarray(spki.length - ecPointLength)).digest();
}

function pem(label: string, body: Buffer): string {
  const b64 = body.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`;
}

/** A certificate and its private key, in PEM. */
export interface IssuedCertificate {
  /** The certificate (PEM). */
  readonly certificatePem: string;
  /** The private key (PKCS #8 PEM). */
  readonly privateKeyPem: string;
}

interface CertificateSpec {
  readonly subject: string;
  readonly publicKey: KeyObject;
  readonly issuer: string;
  readonly issuerKey: KeyObject;
  readonly issuerKeyId: Buffer;
  readonly isCa: boolean;
  readonly altNames: string[];
  readonly notBefore: Date;
  readonly notAfter: Date;
}

function certificate(spec: CertificateSpec): Buffer {
  const spki = spec.publicKey.export({ type: 'spki', format: 'der' });
  const algorithm = sequence(oid(OID.ecdsaWithSha256));
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  const extensions: Buffer[] = [
    extension(OID.basicConstraints, true, spec.isCa ? sequence(bool(true)) : sequence()),
    // CA: digitalSignature, keyCertSign, cRLSign (bits 0, 5, 6); leaf: digitalSignature (bit 0).
    extension(OID.keyUsage, true, spec.isCa ? bits(Buffer.from([0x86]), 1) : bits(Buffer.from([0x80]), 7)),
    extension(OID.subjectKeyIdentifier, false, octets(keyIdentifier(spki))),
    extension(OID.authorityKeyIdentifier, false, sequence(der(0x80, spec.issuerKeyId))),
  ];
  if (!spec.isCa) {
    extensions.push(extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth))));
    const names = spec.altNames.map((n) => (isIPv4(n) ? der(0x87, Buffer.from(n.split('.').map(Number))) : der(0x82, Buffer.from(n, 'ascii'))));
    extensions.push(extension(OID.subjectAltName, false, sequence(...names)));
  }
  const tbs = sequence(
    der(0xa0, integer(Buffer.from([2]))),
    integer(serial),
    algorithm,
    name(spec.issuer),
    sequence(time(spec.notBefore), time(spec.notAfter)),
    name(spec.subject),
    spki,
    der(0xa3, sequence(...extensions)),
  );
  const signature = sign('sha256', tbs, spec.issuerKey); // DER-encoded ECDSA signature
  return sequence(tbs, algorithm, bits(signature));
}

/**
 * A certificate authority that lives as long as the process: its key is kept in memory only.
 */
export class LocalCertificateAuthority {
  /** The CA certificate (PEM), for `SSL_CERT_FILE`. */
  public readonly certificatePem: string;

  private readonly key: KeyObject;
  private readonly keyId: Buffer;
  private readonly subject = 'cdktf-entra-private-access emulator CA';

  constructor() {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    this.key = privateKey;
    this.keyId = keyIdentifier(publicKey.export({ type: 'spki', format: 'der' }));
    const now = Date.now();
    this.certificatePem = pem(
      'CERTIFICATE',
      certificate({
        subject: this.subject,
        publicKey,
        issuer: this.subject,
        issuerKey: privateKey,
        issuerKeyId: this.keyId,
        isCa: true,
        altNames: [],
        notBefore: new Date(now - 3600_000),
        notAfter: new Date(now + 7 * 24 * 3600_000),
      }),
    );
  }

  /**
   * Issues a server certificate for the given host names (and IPv4 addresses), valid for a week.
   *
   * @param hosts the names the certificate is for; the first is its common name
   */
  public issue(hosts: string[]): IssuedCertificate {
    if (hosts.length === 0) {
      throw new Error('a server certificate needs at least one host name');
    }
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const now = Date.now();
    const cert = certificate({
      subject: hosts[0],
      publicKey,
      issuer: this.subject,
      issuerKey: this.key,
      issuerKeyId: this.keyId,
      isCa: false,
      altNames: hosts,
      notBefore: new Date(now - 3600_000),
      notAfter: new Date(now + 7 * 24 * 3600_000),
    });
    return { certificatePem: pem('CERTIFICATE', cert), privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
  }
}
