/**
 * Node (the `node` condition of `#platform`): the insecure TLS agent from undici and file paths
 * through `fs.openAsBlob`, both imported lazily, so code that never uses them never loads them.
 * This module imports nothing of the package itself (tests load it from `dist/` next to `src/`).
 */
import type { InsecureDispatcher, InsecureFetchInit, Platform } from './types.js';

/** OpenSSL / Node error codes that mean "the certificate was not accepted". */
const CERTIFICATE_ERROR_CODES: ReadonlySet<string> = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'CERT_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * An undici 7 `Agent` with `rejectUnauthorized: false`, created on first use: certificate checks are
 * off for the requests given this dispatcher only.
 */
class InsecureAgent implements InsecureDispatcher {
  #agent: Promise<{ close(): Promise<void> }> | undefined;

  async fetchInit(): Promise<InsecureFetchInit> {
    this.#agent ??= import('undici').then(
      ({ Agent }) => new Agent({ connect: { rejectUnauthorized: false } }),
    );
    return { dispatcher: await this.#agent };
  }

  async close(): Promise<void> {
    const agent = this.#agent;
    this.#agent = undefined;
    if (agent) {
      await (await agent).close();
    }
  }
}

export const platform: Platform = {
  name: 'node',
  certificateErrorCodes: CERTIFICATE_ERROR_CODES,
  insecureDispatcher: () => new InsecureAgent(),
  openFileAsBlob: async (path, type) => {
    const { openAsBlob } = await import('node:fs');
    return openAsBlob(path, { type });
  },
};
