// First, on purpose: tracing must patch modules before anything else loads them.
import './instrument';
import { runApi } from './bootstrap';

void runApi();
