// A local S3 (s3rver) on a free loopback port with one bucket, and the credentials the AWS SDK
// reads from the environment, for the tests that publish PMTiles archives.
import S3rver from 's3rver';
import { join } from 'node:path';

export interface LocalS3 {
  endpoint: string;
  close(): Promise<void>;
}

export async function startLocalS3(dir: string, bucket: string): Promise<LocalS3> {
  const s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: join(dir, 's3'), configureBuckets: [{ name: bucket, configs: [] }] });
  const addr = (await s3.run()) as { port: number };
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  process.env.AWS_REGION = 'us-east-1';
  return { endpoint: `http://127.0.0.1:${addr.port}`, close: () => s3.close() };
}
