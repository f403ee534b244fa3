import { describe, expect, it } from 'vitest';
import { byUtilization, facilityFigures, parseK, percent, type DemandRow, type StationRow } from '../../viewer/src/lib/facilities.ts';

const station = (id: string, utilization: number): StationRow => ({ id, assigned_tpd: utilization * 10, capacity_tpd: 10, utilization, overloaded: utilization > 1 });
const demand = (id: string, covered: boolean, inSetback: boolean, population: number): DemandRow => ({ id, station_id: null, distance_m: null, covered, demand_tpd: population / 1000, in_landfill_setback: inSetback, population });

describe('facilityFigures', () => {
  it('counts overloaded stations and homes inside a setback', () => {
    const f = facilityFigures({
      stations: [station('S-1', 0.5), station('S-2', 1.2), station('S-3', 1.01)],
      demand: [demand('D-1', true, false, 2000), demand('D-2', false, true, 500), demand('D-3', true, true, 120)],
      summary: { covered_population_share: 0.8, covered_tpd_share: 0.75, uncovered_units: 1 },
    });
    expect(f).toEqual({ coveredPopulationShare: 0.8, coveredTpdShare: 0.75, overloaded: 2, stations: 3, uncoveredUnits: 1, inSetbackUnits: 2, inSetbackPopulation: 620 });
  });
});

describe('helpers', () => {
  it('orders stations by utilisation, highest first', () => {
    expect(byUtilization([station('a', 0.2), station('b', 1.5), station('c', 0.7)]).map((s) => s.id)).toEqual(['b', 'c', 'a']);
  });
  it('formats shares as percent', () => {
    expect(percent(0.79246)).toBe('79.2%');
    expect(percent(1.2, 0)).toBe('120%');
  });
  it('accepts k from 1 to the number of candidates, and names a bad one', () => {
    expect(parseK('3', 30)).toBe(3);
    expect(() => parseK('0', 30)).toThrow('k "0"');
    expect(() => parseK('2.5', 30)).toThrow('k "2.5"');
    expect(() => parseK('31', 30)).toThrow('from 1 to 30');
  });
});
