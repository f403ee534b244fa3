// Helpers the planted situations share: a ledger record, footprint, permit, patch or lane drawn
// as a rectangle in a slot's frame, with every property spelled out so the expected result can
// be worked out by hand.
import type { Geometry, LineString, MultiLineString, Polygon } from 'geojson';
import { rectIn, type Frame } from './shapes.ts';
import type { BuildingAttrs, LedgerRecord, LedgerStatus, World } from './world.ts';
import type { Township } from './townships.ts';
import type { Patch } from './patches.ts';
import { patchAround, type PatchIds } from './patches.ts';

export interface Slot {
  frame: Frame;
  township: Township;
}

export interface PlantedLedger {
  status?: LedgerStatus;
  recorded_on?: string;
  built_on?: string | null;
  demolished_on?: string | null;
  attrs?: Omit<Partial<BuildingAttrs>, 'structure'> & { structure?: BuildingAttrs['structure'] | null };
}

const HOUSE: BuildingAttrs = { use: 'residential', structure: 'brick', floors: 1, height_m: 3.5 };

export class PlantKit {
  readonly patches: Patch[] = [];
  constructor(
    private readonly world: World,
    private readonly ids: PatchIds,
  ) {}

  /** A ledger record over [u0,u1]×[v0,v1] of the slot; returns its id. */
  ledger(slot: Slot, u0: number, v0: number, u1: number, v1: number, o: PlantedLedger = {}): string {
    return this.ledgerGeometry(slot, rectIn(slot.frame, u0, v0, u1, v1), { u0, v0, u1, v1 }, o);
  }

  ledgerGeometry(
    slot: Slot,
    geometry: Polygon,
    box: { u0: number; v0: number; u1: number; v1: number },
    o: PlantedLedger = {},
  ): string {
    const status = o.status ?? 'pending';
    const attrs = { ...HOUSE, ...o.attrs } as BuildingAttrs;
    // Declared area from the surveyed box: a broken ring has no trustworthy shoelace area.
    const area = (box.u1 - box.u0) * (box.v1 - box.v0);
    const record: LedgerRecord = {
      id: this.world.nextId('WJ'),
      geometry,
      spot: { frame: slot.frame, ...box, township: slot.township },
      status,
      recorded_on: o.recorded_on ?? '2019-05-20',
      built_on: o.built_on === undefined ? '2019-01-01' : o.built_on,
      demolished_on: status === 'demolished' ? (o.demolished_on ?? '2021-09-15') : null,
      ...attrs,
      area_m2: Math.round(area * (attrs.floors || 1)),
      owner: '王某某',
      address: `武义县${slot.township.name}试点路${this.world.ledger.length + 1}号`,
    };
    this.world.ledger.push(record);
    return record.id;
  }

  footprint(slot: Slot, u0: number, v0: number, u1: number, v1: number, attrs: PlantedLedger['attrs'] = {}): string {
    const a = { ...HOUSE, ...attrs };
    const id = this.world.nextId('JZ');
    this.world.footprints.add(rectIn(slot.frame, u0, v0, u1, v1), { id, ...a });
    return id;
  }

  /** The footprint of a planted ledger record (same polygon, same attributes). */
  footprintOf(recordId: string): string {
    const r = this.world.ledger.find((l) => l.id === recordId)!;
    const id = this.world.nextId('JZ');
    this.world.footprints.add(r.geometry, { id, use: r.use, structure: r.structure, floors: r.floors, height_m: r.height_m });
    return id;
  }

  permit(slot: Slot, u0: number, v0: number, u1: number, v1: number): string {
    const id = this.world.nextId('XK');
    this.world.permits.push({
      id,
      geometry: rectIn(slot.frame, u0, v0, u1, v1),
      spot: { frame: slot.frame, u0, v0, u1, v1, township: slot.township },
      issued_on: '2023-08-10',
      kind: 'rural_housing',
    });
    return id;
  }

  /** A 2024Q2 patch: a plain rectangle (exact overlaps) unless `blob` asks for the octagon. */
  patch(slot: Slot, u0: number, v0: number, u1: number, v1: number, change_type = 'construction', blob = false): string {
    const id = this.ids.id('2024Q2');
    const geometry: Geometry = blob ? patchAround(slot.frame, u0, v0, u1, v1, 1.5, 1.2) : rectIn(slot.frame, u0, v0, u1, v1);
    this.patches.push({
      id,
      batch: '2024Q2',
      detected_on: '2024-05-16',
      before_on: '2024-02-16',
      change_type,
      township: slot.township.name,
      geometry: geometry as Polygon,
    });
    return id;
  }

  lane(geometry: LineString | MultiLineString, width_m: number | null): string {
    const id = this.world.nextId('XF');
    this.world.lanes.push({ id, geometry, width_m });
    return id;
  }
}
