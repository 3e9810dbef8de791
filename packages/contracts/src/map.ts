// What the web app's maps need (GET /api/v1/map): the tile server, if the operator configured one
// (MAP_TILE_URL; none by default, so no third party learns who looks at which street), and every
// commune's centre point, so a map still shows where things are on a plain background.
import { Type, type Static } from 'typebox';

export const MapCommune = Type.Object({
  code: Type.String(),
  name: Type.String(),
  lat: Type.Union([Type.Null(), Type.Number()]),
  lon: Type.Union([Type.Null(), Type.Number()]),
});
export type MapCommune = Static<typeof MapCommune>;

export const MapConfig = Type.Object({
  tiles: Type.Union([
    Type.Null(),
    Type.Object({
      url: Type.String({ description: 'XYZ template, e.g. https://tile.example.vn/{z}/{x}/{y}.png' }),
      attribution: Type.String(),
    }),
  ]),
  communes: Type.Array(MapCommune),
});
export type MapConfig = Static<typeof MapConfig>;
