import { DefaultNamingStrategy, type NamingStrategyInterface } from 'typeorm';

/** Tables and columns are singular snake_case (DESIGN.md); properties stay camelCase in code. */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override columnName(propertyName: string, customName: string | undefined, prefixes: string[]): string {
    const name = customName ?? snake(propertyName);
    return prefixes.length ? `${prefixes.map(snake).join('_')}_${name}` : name;
  }

  override joinColumnName(relationName: string, referencedColumnName: string): string {
    return snake(`${relationName}_${referencedColumnName}`);
  }
}

function snake(value: string): string {
  return value.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}
