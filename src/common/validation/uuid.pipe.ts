import { Injectable, type PipeTransform } from '@nestjs/common';
import { InvalidInputError } from '../errors/domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Path ids: a malformed one answers 400 with a stable code before any query runs. */
@Injectable()
export class UuidPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !UUID.test(value)) {
      throw new InvalidInputError('REQUEST.INVALID_ID', 'ID の形式が正しくありません。');
    }
    return value.toLowerCase();
  }
}
