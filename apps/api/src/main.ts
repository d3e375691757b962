import { runApi } from './bootstrap';

void runApi();
