import { x } from '@scout/common';
console.log('api', x);
