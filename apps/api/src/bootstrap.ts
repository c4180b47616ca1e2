import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import { RequestMethod, type INestApplication } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { errorCodes, type FastifyReply, type FastifyRequest } from 'fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { noteListeningPort, publicUrlWarning, type AppConfig } from '@aup/config';
import { AppModule } from './app.module';
import { sendProblem, toProblem } from './common/problem.filter';
import { problemType } from './common/problem';
import { findRequestTextIssue, MAX_JSON_DEPTH } from './common/request-text';
import { ValidationPipe } from './common/validation';
import { ResponseSchemaInterceptor } from './common/response-schema.interceptor';
import { securityHeaders } from './common/security-headers';
import { HttpMetrics } from './metrics/http-metrics';

export const API_PREFIX = 'api/v1';
/** Routes served outside the /api/v1 prefix. */
export const OPS_ROUTES = ['health', 'ready', 'metrics'];
/** Ops routes that are not a plain GET, also outside the prefix (the job smoke test, off by default). */
const MORE_OPS_ROUTES = [
  { path: 'ops/jobs/ping', method: RequestMethod.POST },
  { path: 'ops/jobs/ping/:id', method: RequestMethod.GET },
];

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('aup-audit API')
    .setDescription(
      'Workplace acceptable-use compliance self-assessment. Errors are RFC 9457 problem+json with a stable `code`. ' +
        'This API never accepts content: no files, images, URLs of material, hashes, names of people or case numbers.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Personal API token' }, 'token')
    .addCookieAuth('aup_session', { type: 'apiKey', in: 'cookie', name: 'aup_session' }, 'session')
    .build();
  return cleanupOpenApiDoc(SwaggerModule.createDocument(app, config), { version: '3.0' });
}

/** Creates the api application (not listening). Used by main.ts and by the e2e tests. */
export async function createApiApp(
  config: AppConfig,
  opts: { logger?: boolean } = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    // Only the configured proxies may name the client (X-Forwarded-For); everyone else is their socket address.
    trustProxy: config.TRUST_PROXY.length ? config.TRUST_PROXY : false,
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Connections are closed on shutdown after in-flight requests finish.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // Router-level errors (an undecodable URL) never reach an error handler otherwise.
    frameworkErrors: (err: Error, req: FastifyRequest, reply: FastifyReply) =>
      sendProblem(reply, toProblem(err, req)),
  });
  const fastify = adapter.getInstance();
  // Fastify binds a route to the error handler in force when the route is registered, and Nest's own
  // handler drops Fastify's error codes. Set ours before Nest registers its routes (parser errors on real
  // routes: malformed JSON, body too large) and again after init (the not-found route Nest adds last).
  const problemHandler = (err: unknown, req: FastifyRequest, reply: FastifyReply) =>
    sendProblem(reply, toProblem(err, req));
  fastify.setErrorHandler(problemHandler);
  // JSON only: a text/plain body would otherwise reach validation as a string instead of a clear 415.
  fastify.removeContentTypeParser('text/plain');
  const security = securityHeaders();
  // First hook, so every reply that passes routing carries them (the 415 below included). Callback style:
  // an async hook costs a promise per request for work that never waits.
  fastify.addHook('onRequest', (req, reply, done) => {
    void reply.headers(security).header('x-request-id', req.id);
    done();
  });
  // Refused before routing: Fastify's own 415 for a route's body bypasses the problem+json handler when
  // the body has not been read yet.
  fastify.addHook('onRequest', (req, reply, done) => {
    const type = req.headers['content-type'];
    const hasBody =
      req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (!hasBody || type === undefined || type.split(';')[0].trim().toLowerCase() === 'application/json')
      return done();
    // Replying without calling done ends the request here.
    sendProblem(reply, toProblem(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(), req));
  });
  // After parsing, before any guard, pipe, handler or logger sees the request: text that is not well-formed
  // Unicode (a lone surrogate) or holds NUL, and absurdly deep JSON, are refused for every route at once.
  fastify.addHook('preValidation', (req, reply, done) => {
    const issue =
      findRequestTextIssue(req.params, '/params') ??
      findRequestTextIssue(req.query, '/query') ??
      findRequestTextIssue(req.body, '/body');
    if (!issue) return done();
    const [code, title, detail] =
      issue.kind === 'malformed'
        ? [
            'REQUEST.MALFORMED_TEXT',
            'Malformed text',
            `The text at ${issue.pointer} is not well-formed Unicode (a lone UTF-16 surrogate) or contains a NUL character.`,
          ]
        : [
            'REQUEST.TOO_DEEP',
            'Request nested too deeply',
            `The request nests deeper than ${MAX_JSON_DEPTH} levels at ${issue.pointer}.`,
          ];
    sendProblem(reply, {
      type: problemType(code),
      title,
      status: 400,
      code,
      detail,
      pointer: issue.pointer,
      instance: req.url.split('?')[0],
      requestId: req.id,
    });
  });
  // Set once the app exists; the hook must be registered before Nest adds its routes.
  const latency: { observe?: HttpMetrics['observe'] } = {};
  fastify.addHook('onResponse', (req, reply, done) => {
    latency.observe?.(req.method, req.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: true,
    abortOnError: false,
    logger: opts.logger === false ? false : undefined,
  });
  if (opts.logger !== false) app.useLogger(app.get(Logger));
  const httpMetrics = app.get(HttpMetrics);
  latency.observe = (...args) => httpMetrics.observe(...args);
  app.enableShutdownHooks();
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [...OPS_ROUTES.map((path) => ({ path, method: RequestMethod.GET })), ...MORE_OPS_ROUTES],
  });
  app.useGlobalPipes(new ValidationPipe());
  app.useGlobalInterceptors(
    new ResponseSchemaInterceptor(app.get(Reflector), config.NODE_ENV === 'production'),
  );
  await app.register(cookie);
  // The API description helps an attacker map the api as much as a developer: off in production unless asked for.
  // Built on the first request for it (then kept), not at every start: about a second of CPU in a new process.
  if (config.API_DOCS_ENABLED ?? config.NODE_ENV !== 'production')
    SwaggerModule.setup('docs', app, () => buildOpenApi(app), {
      jsonDocumentUrl: 'docs-json',
      raw: ['json'],
    });
  // Links in e-mails use the port the api really listens on when PUBLIC_URL is unset (see publicUrl).
  fastify.addHook('onListen', function (done) {
    const address = this.server.address();
    if (address && typeof address === 'object') noteListeningPort(address.port);
    done();
  });
  const warning = publicUrlWarning(config);
  if (warning && opts.logger !== false) app.get(Logger).warn(warning);
  await app.init();
  fastify.setErrorHandler(problemHandler);
  return app;
}
