import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';

/**
 * Where the process is in its life, as probes need to know it: started (bootstrap finished)
 * and shutting down (SIGTERM seen: stop sending traffic here, but in-flight work continues).
 */
@Injectable()
export class LifecycleState implements OnApplicationBootstrap {
  private startedAt?: Date;
  private shutdownAt?: Date;

  onApplicationBootstrap(): void {
    this.startedAt ??= new Date();
  }

  beginShutdown(): void {
    this.shutdownAt ??= new Date();
  }

  get started(): boolean {
    return this.startedAt !== undefined;
  }

  get shuttingDown(): boolean {
    return this.shutdownAt !== undefined;
  }
}
