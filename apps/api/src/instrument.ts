import { instrument } from '@scout/observability/instrumentation';

// Tracing and error tracking start here, before main.ts loads Nest and the instrumented modules.
instrument('scout-api');
