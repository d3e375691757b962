import { DomainError, ErrorCode } from '@scout/common';

/** The domain errors of webhook registrations, worded once. */
export const WebhooksErrors = {
  notFound(id: string): DomainError {
    return new DomainError(ErrorCode.NotFound, `No webhook has the id '${id.slice(0, 100)}'.`);
  },
  deliveryNotFound(id: string): DomainError {
    return new DomainError(
      ErrorCode.NotFound,
      `This webhook has no delivery with the id '${id.slice(0, 100)}'.`,
    );
  },
  invalidTarget(reason: string): DomainError {
    return new DomainError(
      ErrorCode.InvalidWebhookTarget,
      `The webhook URL is refused: ${reason}.`,
      {
        errors: [{ field: 'url', message: reason, code: 'invalidWebhookTarget' }],
      },
    );
  },
};
