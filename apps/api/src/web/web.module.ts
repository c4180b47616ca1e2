import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import { Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { wantsSpaFallback } from './spa-fallback';

/** Where `npm run build:web` writes the app: from the sources (tests) and from dist/ (the built api). */
const CANDIDATES = [
  resolve(__dirname, '../../../web/dist'),
  resolve(__dirname, '../../../../../apps/web/dist'),
];

export function findWebDist(): string | undefined {
  return CANDIDATES.find((dir) => existsSync(join(dir, 'index.html')));
}

// Hashed file names never change content, so they may be cached for a year; index.html must be revalidated
// so a deploy reaches people on their next navigation.
function cacheHeaders(reply: FastifyReply, path: string): void {
  void reply.header(
    'cache-control',
    /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
  );
}

/** Serves the single-page web app at `/`; the api (`/api/v1`) and ops routes keep their own 404s. */
@Module({})
export class WebModule implements OnModuleInit {
  private readonly logger = new Logger('WebModule');

  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  async onModuleInit(): Promise<void> {
    const root = findWebDist();
    if (!root) {
      this.logger.warn('The web app is not built (npm run build:web); only the api is served.');
      return;
    }
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // wildcard: false registers one route per built file, so a missing file falls through to the
    // catch-all below instead of being answered by the static plugin.
    await fastify.register(fastifyStatic, {
      root,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      preCompressed: true,
      setHeaders: cacheHeaders,
    });
    fastify.get('/*', (req, reply: FastifyReply) => {
      if (!wantsSpaFallback(req.method, req.url, req.headers.accept)) return reply.callNotFound();
      return reply.sendFile('index.html');
    });
  }
}
