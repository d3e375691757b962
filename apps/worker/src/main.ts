import { x } from '@scout/common';
console.log('worker', x);
