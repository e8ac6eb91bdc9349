// Types for the TypeScript callers of serve-addin.mjs (the e2e test server, npm start).
import type { Server } from 'node:https';

export function makeCertificate(): { cert: Buffer; key: Buffer };
export function serveAddin(options?: { port?: number; host?: string; dir?: string }): Promise<Server>;
