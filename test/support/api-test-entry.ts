// As in apps/api/src/main.ts: tracing and error tracking start before anything else loads.
import '../../apps/api/src/instrument';
import { runApi } from '../../apps/api/src/bootstrap';
import { TestRoutesModule } from './test-routes.module';

void runApi([TestRoutesModule]);
