// A coarse grid of taken ground. Settlements, parks, landfills and the planted yard mark their
// boxes here so that later ones are placed on free land and candidate sites keep clear of all
// buildings by construction (a free cell with free neighbours is ≥ one cell from anything).

export class Occupancy {
  private readonly taken = new Set<number>();
  constructor(readonly cell: number) {}

  private key(ix: number, iy: number): number {
    // Gauss-Krüger metres here are < 4e6, so cell indices fit well inside 2^21.
    return ix * 2_097_152 + iy;
  }

  private range(x0: number, y0: number, x1: number, y1: number): [number, number, number, number] {
    return [Math.floor(x0 / this.cell), Math.floor(y0 / this.cell), Math.floor(x1 / this.cell), Math.floor(y1 / this.cell)];
  }

  isFree(x0: number, y0: number, x1: number, y1: number): boolean {
    const [a, b, c, d] = this.range(x0, y0, x1, y1);
    for (let ix = a; ix <= c; ix++) for (let iy = b; iy <= d; iy++) if (this.taken.has(this.key(ix, iy))) return false;
    return true;
  }

  mark(x0: number, y0: number, x1: number, y1: number): void {
    const [a, b, c, d] = this.range(x0, y0, x1, y1);
    for (let ix = a; ix <= c; ix++) for (let iy = b; iy <= d; iy++) this.taken.add(this.key(ix, iy));
  }
}
