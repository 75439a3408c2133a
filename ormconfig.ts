// For the TypeORM CLI only (npm run migration:run after npm run build); the app migrates itself at start-up.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './src/config/data-source';
import { loadConfig } from './src/config/env';

export default new DataSource(buildDataSourceOptions(loadConfig().database));
