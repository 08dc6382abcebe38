// Slack's auth.test with Node's own http(s) client: main.ts sends it before the app's modules load
// (the WebClient is one of them), so the round trip to Slack overlaps the ~0.5 s of loading instead
// of following it. Used only at start; the app's calls go through Bolt's WebClient.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** `transient`: Slack did not answer (timeout, network, 5xx, not JSON) — worth retrying; otherwise Slack refused the token. */
export type AuthResult = { ok: true; botId: string; botUserId: string; teamId?: string } | { ok: false; error: string; transient?: boolean };

export function authTest(apiUrl: string, token: string, timeoutMs = 10_000): Promise<AuthResult> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL('auth.test', apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`);
    } catch {
      return resolve({ ok: false, error: `SLACK_API_URL is not a URL: ${apiUrl}` });
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' }, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        try {
          const j = JSON.parse(body) as { ok?: boolean; error?: string; bot_id?: string; user_id?: string; team_id?: string };
          if (j.ok && j.bot_id && j.user_id) resolve({ ok: true, botId: j.bot_id, botUserId: j.user_id, ...(j.team_id ? { teamId: j.team_id } : {}) });
          else resolve({ ok: false, error: j.error ?? `HTTP ${res.statusCode ?? '?'}`, ...(j.error ? {} : { transient: true }) });
        } catch {
          resolve({ ok: false, error: `HTTP ${res.statusCode ?? '?'}, not JSON`, transient: true });
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', (e) => resolve({ ok: false, error: e.message, transient: true }));
    req.end('');
  });
}
