# Scout: one image for both processes. The api runs by default; the worker runs with the command
# `dist/apps/worker/src/main.js` (see docker-compose.yml). Build: docker build -t scout .
ARG NODE_IMAGE=node:26.10.0-slim

# All dependencies, for the build.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# Compiles both apps into dist/apps/{api,worker}/src/main.js.
FROM deps AS build
COPY . .
RUN npm run build

# Production dependencies only.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Files stay owned by root: the app (user node) can read them but not change them.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY config ./config
USER node
# 3000 api, 9464 the api's metrics (METRICS_PORT), 3001 the worker's probes and metrics.
EXPOSE 3000 3001 9464
# HEALTH_PORT picks the process to probe: 3000 (api, default) or 3001 (compose sets it for the worker).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HEALTH_PORT || process.env.PORT || 3000) + '/health/ready', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node"]
CMD ["dist/apps/api/src/main.js"]
