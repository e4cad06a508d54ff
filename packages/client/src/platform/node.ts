/**
 * Node (the `node` condition of `#platform`): the insecure TLS agent from undici and file paths
 * through `fs.openAsBlob`, both imported lazily, so code that never uses them never loads them.
 * This module imports nothing of the package itself (tests load it from `dist/` next to `src/`).
 */
import type { Platform } from './types.js';

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

export const platform: Platform = {
  name: 'node',
  certificateErrorCodes: CERTIFICATE_ERROR_CODES,
  createInsecureDispatcher: async () => {
    const { Agent } = await import('undici');
    return new Agent({ connect: { rejectUnauthorized: false } });
  },
  openFileAsBlob: async (path, type) => {
    const { openAsBlob } = await import('node:fs');
    return openAsBlob(path, { type });
  },
};
