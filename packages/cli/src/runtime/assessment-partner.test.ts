import { DEFAULT_PARTNER_INVITATION, type PartnerTestRequest } from '@zenhire-connect/core';
import type { PartnerCandidate, PartnerTest } from '@zenhire-connect/connector-greenhouse';
import type { Logger } from 'pino';
import { assessmentPartnerPorts } from './assessment-partner';

const LINK = 'https://interview.zenhire.ai/#t=secret-token';

function ports() {
  const requests: PartnerTestRequest[] = [];
  const logs: unknown[] = [];
  const logger = { info: (...args: unknown[]) => logs.push(args), warn: () => {} };
  const p = assessmentPartnerPorts({
    connector: 'greenhouse-eu',
    logger: logger as unknown as Logger,
    useCases: {
      startPartnerTest: async (request) => {
        requests.push(request);
        return {
          partnerInterviewId: 'run-1',
          module: 'interview',
          candidateLink: LINK,
          created: true,
          invitationDeliveryId: 'delivery-1',
        };
      },
      partnerTestStatus: async () => undefined,
    },
  });
  return { p, requests, logs };
}

const test: PartnerTest = {
  id: 'zh-english',
  name: 'English',
  action: { kind: 'interview', personaId: 'p', consentMode: 'integrator' },
};

const candidate: PartnerCandidate = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada@example.com',
  greenhouseProfileUrl: 'https://app.greenhouse.io/people/7?application_id=42',
  candidateId: '7',
  applicationId: '42',
};
const context = { callbackUrl: 'https://greenhouse.example/callback' };

describe('assessmentPartnerPorts', () => {
  it('passes the default invitation (private note) and logs the delivery id, never the link', async () => {
    const { p, requests, logs } = ports();
    await p.launcher.launch(test, candidate, context);
    expect(requests[0]).toMatchObject({
      testId: 'zh-english',
      invitation: DEFAULT_PARTNER_INVITATION,
    });
    expect(JSON.stringify(logs)).toContain('delivery-1');
    expect(JSON.stringify(logs)).not.toContain('secret-token');
  });

  it("passes the test's configured invitation", async () => {
    const { p, requests } = ports();
    const invitation = { note: { visibility: 'admin_only' as const }, tags: ['zenhire-invited'] };
    await p.launcher.launch({ ...test, invitation }, candidate, context);
    expect(requests[0].invitation).toEqual(invitation);
  });
});
