import { Injectable, Logger } from '@nestjs/common';
import { CursorCodec, type Page } from '@scout/common';
import { AppConfig } from '@scout/config';
import { WebhookDeliveryRepository } from './repositories/webhook-delivery.repository';
import { WebhookRepository } from './repositories/webhook.repository';
import { generateSigningSecret, SecretBox } from './secret-box';
import { WebhookQueue } from './webhook.queue';
import {
  assertResolvesPublic,
  bareHostname,
  parseWebhookUrl,
  WebhookTargetError,
} from './webhook-target';
import type { DeliveryStatus } from './webhooks.constants';
import { WebhooksErrors } from './webhooks.errors';
import type {
  CreatedWebhook,
  DeliveryRecord,
  DeliveryView,
  WebhookInput,
  WebhookPatch,
  WebhookRecord,
  WebhookView,
} from './webhooks.types';

const LIST_SCOPE = 'webhooks';

/** A webhook without its sealed secret: what leaves the lib. */
function toView(record: WebhookRecord): WebhookView {
  const view: Partial<WebhookRecord> = { ...record };
  delete view.secretCiphertext;
  return view as WebhookView;
}

/** A delivery without its body. */
function toDeliveryView(record: DeliveryRecord): DeliveryView {
  const view: Partial<DeliveryRecord> = { ...record };
  delete view.body;
  return view as DeliveryView;
}

/**
 * Webhook registrations for the api: targets pass the SSRF guard (public addresses only, unless
 * allowlisted) before they are stored; the signing secret is generated here, returned once, and
 * stored sealed. Also the deliveries of a webhook and their redelivery, and
 * {@link eraseSubject} for erasure.
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger('Webhooks');
  private readonly cursors: CursorCodec;
  private readonly box: SecretBox;

  constructor(
    private readonly config: AppConfig,
    private readonly webhooks: WebhookRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly queue: WebhookQueue,
  ) {
    this.cursors = new CursorCodec(config.api.cursorSecrets);
    this.box = new SecretBox(config.webhooks.secretKeys);
  }

  async create(input: WebhookInput): Promise<CreatedWebhook> {
    const url = await this.checkedUrl(input.url);
    const secret = generateSigningSecret();
    const record = await this.webhooks.create({
      ...input,
      url,
      secretCiphertext: this.box.seal(secret),
    });
    this.logger.log({ webhookId: record.id }, 'webhook registered');
    return { ...toView(record), secret };
  }

  async get(id: string): Promise<WebhookView> {
    return toView(await this.record(id));
  }

  async list(query: { limit: number; cursor?: string }): Promise<Page<WebhookView>> {
    const afterId = query.cursor ? this.afterId(LIST_SCOPE, query.cursor) : undefined;
    const { items, hasMore } = await this.webhooks.listPage(query.limit, afterId);
    return this.page(items.map(toView), query.limit, hasMore, LIST_SCOPE);
  }

  async update(id: string, patch: WebhookPatch): Promise<WebhookView> {
    await this.record(id);
    const url = patch.url === undefined ? undefined : await this.checkedUrl(patch.url);
    const updated = await this.webhooks.update(id, { ...patch, ...(url ? { url } : {}) });
    if (!updated) throw WebhooksErrors.notFound(id);
    return toView(updated);
  }

  /** Removes the registration and its deliveries; queued jobs find nothing and end. */
  async delete(id: string): Promise<void> {
    if (!(await this.webhooks.delete(id))) throw WebhooksErrors.notFound(id);
    await this.deliveries.deleteForWebhook(id);
  }

  async listDeliveries(
    webhookId: string,
    query: { limit: number; cursor?: string; status?: DeliveryStatus },
  ): Promise<Page<DeliveryView>> {
    await this.record(webhookId);
    const scope = `webhook-deliveries:${webhookId}:${query.status ?? ''}`;
    const afterId = query.cursor ? this.afterId(scope, query.cursor) : undefined;
    const { items, hasMore } = await this.deliveries.listPage(webhookId, query.limit, {
      status: query.status,
      afterId,
    });
    return this.page(items.map(toDeliveryView), query.limit, hasMore, scope);
  }

  /**
   * Sends a delivery again, whatever its status: a fresh round of attempts with the same event
   * id and body, so a receiver that had it already can drop it.
   */
  async redeliver(webhookId: string, deliveryId: string): Promise<DeliveryView> {
    await this.record(webhookId);
    const reopened = await this.deliveries.reopen(webhookId, deliveryId);
    if (!reopened) throw WebhooksErrors.deliveryNotFound(deliveryId);
    try {
      await this.queue.ensureQueued(reopened.id);
    } catch (error) {
      this.logger.warn(
        { deliveryId, errName: (error as Error).name },
        'could not enqueue a redelivery; the sweeper will',
      );
    }
    return toDeliveryView(reopened);
  }

  /**
   * Erasure: removes every delivery about a subject (their bodies carry the event data). Returns
   * how many were removed, for the erasure receipt.
   */
  eraseSubject(subjectId: string): Promise<number> {
    return this.deliveries.deleteForSubject(subjectId);
  }

  private async record(id: string): Promise<WebhookRecord> {
    const record = /^[0-9a-f]{24}$/.test(id) ? await this.webhooks.findById(id) : null;
    if (!record) throw WebhooksErrors.notFound(id);
    return record;
  }

  /** The URL as it will be called, once it passed the SSRF guard. */
  private async checkedUrl(input: string): Promise<string> {
    const allowed = this.config.webhooks.allowedHosts;
    try {
      const url = parseWebhookUrl(input, allowed);
      await assertResolvesPublic(bareHostname(url), allowed);
      return url.href;
    } catch (error) {
      if (error instanceof WebhookTargetError) throw WebhooksErrors.invalidTarget(error.message);
      throw error;
    }
  }

  private afterId(scope: string, cursor: string): string {
    const [id] = this.cursors.decode(scope, cursor);
    return String(id);
  }

  private page<T extends { id: string }>(
    data: T[],
    limit: number,
    hasMore: boolean,
    scope: string,
  ): Page<T> {
    const last = data[data.length - 1];
    const nextCursor = hasMore && last ? this.cursors.encode(scope, [last.id]) : null;
    return { data, page: { limit, nextCursor } };
  }
}
