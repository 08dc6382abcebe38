// The adjust modal's submission: validate (errors shown on the inputs), close the modal, re-run the
// engine on the adjusted workload and post the new report in the original report's thread.

import type { App } from '@slack/bolt';
import { VIEW, ADJUST_FIELD } from '../../ids.ts';
import { loadEstimate, saveEstimate } from '../../estimate.ts';
import { INVITE_HINT } from '../../../core/render/blocks.ts';
import { readAdjustments, ViewStateValues } from '../../adjust-input.ts';
import { deliverReport, respondPrivately, responseUrlPoster } from '../../deliver.ts';
import { requestOf } from '../../request-context.ts';
import type { Services } from '../../services.ts';
import { AdjustMetadata } from './adjust-metadata.ts';

function parseMetadata(raw: string): AdjustMetadata | null {
  try {
    return AdjustMetadata.parse(JSON.parse(raw));
  } catch {
    return null;
  }
}

export function registerAdjustSubmit(app: App, s: Services): void {
  app.view(VIEW.adjust, async ({ ack, body, view, client, context }) => {
    const { log, cid } = requestOf(context);
    const meta = parseMetadata(view.private_metadata);
    const values = ViewStateValues.safeParse(view.state.values);
    const teamId = body.team?.id ?? context.teamId ?? '';
    const est = meta ? await loadEstimate(s, teamId, meta.e) : null;
    if (!meta || !values.success || !est) {
      log.warn({ meta: meta !== null, values: values.success, estimate: est !== null }, 'adjust submission cannot be used');
      await ack({ response_action: 'errors', errors: { [ADJUST_FIELD.requestsPerMonth]: `This estimate has expired; close this and run it again (ref ${cid}).` } });
      return;
    }
    const adjusted = readAdjustments(values.data, est.parsed, s.core.models);
    if (!adjusted.ok) {
      await ack({ response_action: 'errors', errors: adjusted.errors as Record<string, string> });
      return;
    }
    await ack();
    const userId = body.user.id;
    const preface = adjusted.changed.length > 0 ? `<@${userId}> adjusted the assumptions.` : `<@${userId}> re-ran the estimate.`;
    const respond = meta.r ? responseUrlPoster(meta.r) : undefined;
    const where = { client, log, cid, teamId, userId, channelId: meta.c, threadTs: meta.t, respond, surface: 'command' as const };
    const estimateId = s.newId();
    if (meta.r) {
      // The original was private: answer privately again.
      const rendered = await s.compute.evaluateMessage(adjusted.parsed, estimateId, `${preface}\n${INVITE_HINT}`);
      await saveEstimate(s, teamId, { parsed: adjusted.parsed, text: est.text }, estimateId);
      await respondPrivately(respond, rendered.message, log);
      return;
    }
    const rendered = await s.compute.evaluateMessage(adjusted.parsed, estimateId, preface);
    await deliverReport(s, where, { rendered, estimateId, text: est.text });
  });
}
