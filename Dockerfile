# syntax=docker/dockerfile:1
# Production image of aup-audit: one image, two commands (api, worker). See README "Containers".
ARG NODE_IMAGE=node:24-bookworm-slim

# 1. deps: every dependency, dev included, to build with (cached until the lock file changes).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# 2. build: compile the api, the worker and the web app.
FROM deps AS build
COPY . .
RUN npm run build

# 3. runtime: production dependencies, the build output and the policy content; runs as the unprivileged
# `node` user, which owns nothing it could overwrite.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    WORKER_OPS_PORT=9464
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/apps/web/dist ./apps/web/dist
COPY policies ./policies
USER node
EXPOSE 3000 9464
# Liveness of the api; the worker overrides it with its own /health on WORKER_OPS_PORT (docker-compose.yml).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# `node` as PID 1 receives SIGTERM directly and drains (HTTP requests, running jobs) before it exits.
CMD ["node", "--disable-warning=FSTWRN004", "dist/apps/api/src/main.js"]
