// The two bits of d3-geo a contour needs, for planar coordinates only: d3-contour returns GeoJSON
// MultiPolygons in grid units; these turn them into SVG path data in plot units (scale and offset, no
// projection of the sphere).

// Grid unit → plot unit: (u, v) ↦ (sx·u + dx, sy·v + dy).
export function geoIdentity(sx, sy, dx, dy) {
  return (u, v) => [sx * u + dx, sy * v + dy];
}

export function geoPath(project) {
  return (multiPolygon) => {
    let d = '';
    for (const polygon of multiPolygon.coordinates) {
      for (const ring of polygon) {
        ring.forEach(([u, v], k) => {
          const [px, py] = project(u, v);
          d += `${k === 0 ? 'M' : 'L'}${px.toFixed(2)},${py.toFixed(2)}`;
        });
        d += 'Z';
      }
    }
    return d;
  };
}
