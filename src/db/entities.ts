/** Every entity, listed explicitly: no folder scanning, the same in tests, ts and compiled js. */
import { Unit } from '../units/unit.entity';

export const ALL_ENTITIES = [Unit];
