import { describe, expect, it } from 'vitest';
import { containerIdentity, containerIdentitySchema } from './container-identity.ts';

// Label sets as `docker inspect` shows them for containers Compose created.
const COMPOSE_V2_WEB = {
  'com.docker.compose.config-hash': '5b1f0c3f9d2a8e7b6c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b',
  'com.docker.compose.container-number': '1',
  'com.docker.compose.depends_on': 'db:service_started:false',
  'com.docker.compose.image': 'sha256:0d3f2a1b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f',
  'com.docker.compose.oneoff': 'False',
  'com.docker.compose.project': 'shop',
  'com.docker.compose.project.config_files': '/srv/shop/compose.yaml',
  'com.docker.compose.project.working_dir': '/srv/shop',
  'com.docker.compose.service': 'web',
  'com.docker.compose.version': '2.29.7',
};
const COMPOSE_V1_WORKER = {
  'com.docker.compose.config-hash': '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d',
  'com.docker.compose.container-number': '2',
  'com.docker.compose.oneoff': 'False',
  'com.docker.compose.project': 'shop',
  'com.docker.compose.project.config_files': 'docker-compose.yml',
  'com.docker.compose.project.working_dir': '/srv/shop',
  'com.docker.compose.service': 'worker',
  'com.docker.compose.version': '1.29.2',
};
const COMPOSE_V2_RUN = {
  ...COMPOSE_V2_WEB,
  'com.docker.compose.oneoff': 'True',
  'com.docker.compose.slug': '8c1f2d3e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d',
};
const COMPOSE_V1_RUN = {
  ...COMPOSE_V1_WORKER,
  'com.docker.compose.container-number': '1',
  'com.docker.compose.oneoff': 'True',
  'com.docker.compose.slug': '3f2a9c1b7d0e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b',
};

describe('containerIdentity', () => {
  it('knows a Compose v2 container by project, service and number, whatever its name', () => {
    expect(containerIdentity({ name: 'shop-web-1', labels: COMPOSE_V2_WEB })).toEqual({
      key: 'shop/web#1',
      kind: 'compose',
      project: 'shop',
      service: 'web',
      number: 1,
    });
    // `docker compose up` creates the replacement under a temporary name before renaming it.
    expect(containerIdentity({ name: '0a1b2c3d4e5f_shop-web-1', labels: COMPOSE_V2_WEB }).key).toBe(
      'shop/web#1',
    );
  });

  it('reads Compose v1 labels the same way', () => {
    expect(containerIdentity({ name: '/shop_worker_2', labels: COMPOSE_V1_WORKER })).toEqual({
      key: 'shop/worker#2',
      kind: 'compose',
      project: 'shop',
      service: 'worker',
      number: 2,
    });
  });

  it('keeps one-off containers out of their service timeline', () => {
    expect(containerIdentity({ name: 'shop-web-run-8c1f2d3e4a5b', labels: COMPOSE_V2_RUN })).toEqual({
      key: 'shop-web-run-8c1f2d3e4a5b',
      kind: 'name',
      project: 'shop',
      service: 'web',
      oneoff: true,
    });
    expect(containerIdentity({ name: 'shop_worker_run_3f2a9c1b7d0e', labels: COMPOSE_V1_RUN }).key).toBe(
      'shop_worker_run_3f2a9c1b7d0e',
    );
  });

  it('falls back to the name without its leading slash', () => {
    expect(containerIdentity({ name: '/db', labels: { maintainer: 'someone' } })).toEqual({
      key: 'db',
      kind: 'name',
    });
    expect(containerIdentity({ name: 'db', labels: {} }).key).toBe('db');
  });

  it('needs both the project and the service', () => {
    const onlyProject = { 'com.docker.compose.project': 'shop' };
    expect(containerIdentity({ name: 'x', labels: onlyProject })).toEqual({ key: 'x', kind: 'name' });
    const emptyService = { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': '' };
    expect(containerIdentity({ name: 'x', labels: emptyService }).kind).toBe('name');
  });

  it('leaves the number out when it is missing or not a number', () => {
    const labels = { 'com.docker.compose.project': 'p', 'com.docker.compose.service': 's' };
    expect(containerIdentity({ name: 'x', labels }).key).toBe('p/s');
    const bad = { ...labels, 'com.docker.compose.container-number': '1e3' };
    expect(containerIdentity({ name: 'x', labels: bad })).toEqual({
      key: 'p/s',
      kind: 'compose',
      project: 'p',
      service: 's',
    });
  });

  it('falls back to the name for labels too long to make a key of', () => {
    const labels = { 'com.docker.compose.project': 'p'.repeat(129), 'com.docker.compose.service': 's' };
    expect(containerIdentity({ name: 'x', labels }).key).toBe('x');
  });

  it('never collides a Compose key with a container name, and always fits its schema', () => {
    const compose = containerIdentity({ name: 'shop-web-1', labels: COMPOSE_V2_WEB });
    expect(compose.key).toContain('/');
    const longest = {
      'com.docker.compose.project': 'p'.repeat(128),
      'com.docker.compose.service': 's'.repeat(128),
      'com.docker.compose.container-number': '999999999',
    };
    expect(containerIdentitySchema.safeParse(containerIdentity({ name: 'x', labels: longest })).success).toBe(
      true,
    );
    expect(
      containerIdentitySchema.safeParse(containerIdentity({ name: 'n'.repeat(256), labels: {} })).success,
    ).toBe(true);
  });
});
