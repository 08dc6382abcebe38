// Defences around Bolt's HTTP receiver and the process.
//
// A signed body that parses to something other than an object (JSON `null`, `[]`, `123`, or a form
// `payload=null`) made Bolt's HTTPReceiver read `body.ssl_check` of null inside a promise nobody
// awaited, and the rejection ended the process (reliability.md, defect 8). Bolt parses the body with
// HTTPModuleFunctions.parseHTTPRequestBody and answers 400 when that throws, so the parsed value is
// checked there: anything but an object is a malformed body, a 400. So is a timestamp from the future.
import { createRequire } from 'node:module';
import type { Logger } from 'pino';

type ParseFns = { parseHTTPRequestBody: (req: unknown) => unknown; infercostChecked?: boolean };

export function rejectNonObjectBodies(): void {
  const fns = createRequire(import.meta.url)('@slack/bolt/dist/receivers/HTTPModuleFunctions.js') as ParseFns;
  if (fns.infercostChecked) return;
  const parse = fns.parseHTTPRequestBody;
  fns.parseHTTPRequestBody = (req: unknown) => {
    // Bolt refuses timestamps more than five minutes old but accepts any in the future; a signed
    // request stamped ahead could be replayed for as long as it likes. Same window both ways.
    const ts = Number((req as { headers?: Record<string, unknown> }).headers?.['x-slack-request-timestamp']);
    if (Number.isFinite(ts) && ts * 1000 > Date.now() + 5 * 60_000) throw new Error('the request timestamp is in the future');
    const body = parse(req);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('the body is not an object');
    return body;
  };
  fns.infercostChecked = true;
}

/** A rejection nobody handled is logged, never the end of the process (and of every job in it). */
export function keepRunningOnUnhandledRejections(logger: Logger): void {
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason instanceof Error ? { name: reason.name, message: reason.message, stack: reason.stack } : String(reason) }, 'unhandled rejection (the process keeps running)');
  });
}
