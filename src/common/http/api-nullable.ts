import { type Type } from '@nestjs/common';
import { type ApiPropertyOptions, getSchemaPath } from '@nestjs/swagger';

// OpenAPI 3.0.3 reads `nullable: true` as "null is added to `type`" and nothing more: an `enum`, an `allOf` or a
// `$ref` beside it still refuses null unless it allows null itself. @nestjs/swagger writes `nullable` beside both,
// so a property declared `{ enum, nullable: true }` or `{ type: SomeDto, nullable: true }` did not allow the null
// the API answers, and a client generated from the document mistyped it (issue 14, item 10). These two say it in
// the one way both strict validators and generators (openapi-typescript, orval) read as "one of these, or null".

/** An enum property that may be null: `{ type: string, nullable: true, enum: [...values, null] }`. */
export function nullableEnum<T extends string>(
  values: readonly T[],
): { type: typeof String; nullable: true; enum: (T | null)[] } {
  return { type: String, nullable: true, enum: [...values, null] };
}

/**
 * An object property that is the named schema or null: `anyOf: [{ $ref }, <null>]`, the null written as the
 * OpenAPI 3.0 null-only schema. (No `nullable` beside the anyOf: 3.0.3 gives it no meaning without a `type`, and
 * @nestjs/swagger drops the `type`.) Put @ApiExtraModels(model) on the class so the component is in the document.
 */
export function nullableObject(model: Type<unknown>): Pick<ApiPropertyOptions, 'anyOf'> {
  return { anyOf: [{ $ref: getSchemaPath(model) }, { type: 'object', nullable: true, enum: [null] }] };
}
