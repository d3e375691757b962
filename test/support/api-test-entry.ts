import { runApi } from '../../apps/api/src/bootstrap';
import { TestRoutesModule } from './test-routes.module';

void runApi([TestRoutesModule]);
