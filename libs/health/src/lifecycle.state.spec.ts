import { LifecycleState } from './lifecycle.state';

describe('LifecycleState', () => {
  let state: LifecycleState;

  beforeEach(() => {
    state = new LifecycleState();
  });

  it('starts neither started nor shutting down', () => {
    expect(state.started).toBe(false);
    expect(state.shuttingDown).toBe(false);
  });

  it('is started once the application has bootstrapped, and not shutting down because of it', () => {
    state.onApplicationBootstrap();
    expect(state.started).toBe(true);
    expect(state.shuttingDown).toBe(false);
  });

  it('is shutting down once shutdown begins, and stays started', () => {
    state.onApplicationBootstrap();
    state.beginShutdown();
    expect(state.started).toBe(true);
    expect(state.shuttingDown).toBe(true);
  });

  it('can shut down before it ever started', () => {
    state.beginShutdown();
    expect(state.shuttingDown).toBe(true);
    expect(state.started).toBe(false);
  });

  it('treats repeated calls as no-ops', () => {
    state.onApplicationBootstrap();
    state.onApplicationBootstrap();
    state.beginShutdown();
    state.beginShutdown();
    state.onApplicationBootstrap();
    expect(state.started).toBe(true);
    expect(state.shuttingDown).toBe(true);
  });

  it('keeps separate state per instance', () => {
    state.beginShutdown();
    expect(new LifecycleState().shuttingDown).toBe(false);
  });
});
