// Unit tests of errorAnswer: every error a request can meet becomes a typed answer with a fitting status.
import { ConfigError, ConfigErrorKind, LifecycleError, LifecycleErrorKind, OneiricError, ResolutionError, ResolutionErrorKind } from '@oneiric/core';
import { RemoteError, RemoteErrorKind } from '@oneiric/remote';
import { DomainError, DomainErrorKind } from '@oneiric/domains';
import { ControlRequestError, ControlRequestErrorKind } from './controlRequestError.js';
import { errorAnswer } from './errorAnswer.js';

// Stands for the runtime's own error family, which the control server does not import.
class RemoteDisabledError extends OneiricError {
  public readonly family = 'RuntimeError';
  public readonly kind = 'remoteDisabled';
  public constructor() {
    super('remote sync is not enabled', {});
  }
}

describe('errorAnswer', () => {
  it('keeps an Oneiric error kind and context, and pulls out the did-you-mean suggestion', () => {
    const error = new ResolutionError(ResolutionErrorKind.unknownKey, 'adapter:cahce has no registered candidate; did you mean adapter:cache?', { domain: 'adapter', key: 'cahce' });
    expect(errorAnswer(error)).toEqual({
      statusCode: 404,
      body: { error: { kind: 'unknownKey', message: error.message, family: 'ResolutionError', domain: 'adapter', key: 'cahce', suggestion: 'adapter:cache' } },
    });
  });

  it.each([
    [new DomainError(DomainErrorKind.paused, 'paused'), 409],
    [new DomainError(DomainErrorKind.draining, 'draining'), 409],
    [new LifecycleError(LifecycleErrorKind.healthFailed, 'unhealthy'), 422],
    [new LifecycleError(LifecycleErrorKind.timeout, 'slow'), 504],
    [new LifecycleError(LifecycleErrorKind.closed, 'closed'), 503],
    [new ConfigError(ConfigErrorKind.invalidField, 'no remote'), 409],
    [new ControlRequestError(ControlRequestErrorKind.unauthorized, 401, 'no token'), 401],
    [new RemoteDisabledError(), 409],
    [new RemoteError(RemoteErrorKind.signatureInvalid, 'bad signature'), 502],
    [new RemoteError(RemoteErrorKind.fetchFailed, 'down'), 502],
  ])('answers %s with HTTP %i', (error, statusCode) => {
    expect(errorAnswer(error).statusCode).toBe(statusCode);
    expect(errorAnswer(error).body.error.kind).toBe(error.kind);
  });

  it('turns a schema validation failure into 400 badRequest listing the issues', () => {
    const validation = Object.assign(new Error('body/paused must be boolean'), { statusCode: 400, validation: [{ instancePath: '/paused', message: 'must be boolean' }] });
    expect(errorAnswer(validation)).toEqual({
      statusCode: 400,
      body: { error: { kind: 'badRequest', message: 'body/paused must be boolean', issues: ['/paused must be boolean'] } },
    });
  });

  it('turns fastify body errors into bodyTooLarge, unsupportedMediaType and badRequest', () => {
    expect(errorAnswer(Object.assign(new Error('too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }))).toMatchObject({ statusCode: 413, body: { error: { kind: 'bodyTooLarge' } } });
    expect(errorAnswer(Object.assign(new Error('media'), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 }))).toMatchObject({ statusCode: 415, body: { error: { kind: 'unsupportedMediaType' } } });
    expect(errorAnswer(Object.assign(new SyntaxError('Unexpected token'), { statusCode: 400 }))).toMatchObject({ statusCode: 400, body: { error: { kind: 'badRequest' } } });
  });

  it('answers anything else with 500 internal', () => {
    expect(errorAnswer(new TypeError('boom'))).toMatchObject({ statusCode: 500, body: { error: { kind: 'internal', message: 'internal error: boom' } } });
    expect(errorAnswer('a string')).toMatchObject({ statusCode: 500, body: { error: { kind: 'internal' } } });
  });
});
