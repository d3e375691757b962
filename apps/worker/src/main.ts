import { runWorker } from './bootstrap';

void runWorker();
