// The event hub: typed subscribe / unsubscribe, and one failing listener not silencing the rest.
import { describe, expect, it, vi } from 'vitest';
import { EventHub } from '../../service/events.ts';

describe('event hub', () => {
  it('tells each listener of its event only, until it unsubscribes', () => {
    const hub = new EventHub();
    const layers: string[] = [];
    const runs: number[] = [];
    const stop = hub.on('layer-changed', ({ layer }) => layers.push(layer));
    hub.on('run-finished', ({ id }) => runs.push(id));
    hub.emit('layer-changed', { layer: 'ledger' });
    hub.emit('run-finished', { id: 7, check: 'fire' });
    stop();
    hub.emit('layer-changed', { layer: 'patches' });
    expect(layers).toEqual(['ledger']);
    expect(runs).toEqual([7]);
    expect(hub.listenerCount('layer-changed')).toBe(0);
  });

  it('goes on to the next listener when one throws', () => {
    const hub = new EventHub();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const heard: string[] = [];
    hub.on('verdict-given', () => {
      throw new Error('broken cache');
    });
    hub.on('verdict-given', ({ id }) => heard.push(id));
    hub.emit('verdict-given', { batch: '2024Q1', id: 'P1' });
    expect(heard).toEqual(['P1']);
    expect(error).toHaveBeenCalledOnce();
    error.mockRestore();
  });
});
