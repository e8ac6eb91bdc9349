// The built-in SSK profile: in force until an admin pushes a document, and the base every layer overlays.
import type { Policy } from './schema.ts';
import { CLOUD_CATEGORIES } from './schema.ts';
import { DEFAULT_FORMS, DEFAULT_ORGANIZATION } from './default-forms.ts';

export const SSK_DEFAULT_POLICY: Policy = {
  version: 'ssk-default-2026.11',
  organization: { ...DEFAULT_ORGANIZATION, domains: [...DEFAULT_ORGANIZATION.domains] },
  // Known organisations users send forms to. go.jp / lg.jp are registrable by government bodies only.
  directory: [
    { name: '厚生労働省', nameEn: 'Ministry of Health, Labour and Welfare', domains: ['mhlw.go.jp'] },
    {
      name: '公益社団法人国民健康保険中央会',
      nameEn: 'All-Japan Federation of National Health Insurance Organizations',
      domains: ['kokuho.or.jp'],
    },
    { name: 'デジタル庁', nameEn: 'Digital Agency', domains: ['digital.go.jp'] },
    { name: 'e-Gov（デジタル庁）', nameEn: 'e-Gov (Digital Agency)', domains: ['e-gov.go.jp'] },
    { name: 'マイナポータル（デジタル庁）', nameEn: 'Myna Portal (Digital Agency)', domains: ['myna.go.jp'] },
    {
      name: '国家サイバー統括室（旧 内閣サイバーセキュリティセンター）',
      nameEn: 'National Cybersecurity Office (formerly NISC)',
      domains: ['nisc.go.jp', 'cyber.go.jp'],
    },
    {
      name: '独立行政法人情報処理推進機構',
      nameEn: 'Information-technology Promotion Agency (IPA)',
      domains: ['ipa.go.jp'],
    },
    {
      name: '全国健康保険協会（協会けんぽ）',
      nameEn: 'Japan Health Insurance Association',
      domains: ['kyoukaikenpo.or.jp'],
    },
    { name: '日本年金機構', nameEn: 'Japan Pension Service', domains: ['nenkin.go.jp'] },
    { name: '個人情報保護委員会', nameEn: 'Personal Information Protection Commission', domains: ['ppc.go.jp'] },
  ],
  rules: {},
  shorteners: { builtinList: true, extraDomains: [], exceptions: [] },
  cloud: {
    enforcedCategories: [...CLOUD_CATEGORIES],
    builtinCatalogue: true,
    services: [],
    approved: [],
    extraDomains: {},
    // A broad imported list names hosts, not services. Where the data leaves by using the service at all
    // (typing into a chat or a translator, a remote session, mail), visiting is blocked; where a host is
    // mostly seen embedded (an image or download host in an article), only uploads and sensitive forms are.
    extraDomainsGuard: {
      'file-storage': 'upload',
      'file-transfer': 'upload',
      'file-hosting': 'upload',
      paste: 'upload',
      'generative-ai': 'navigation',
      translation: 'navigation',
      'personal-webmail': 'navigation',
      'remote-control': 'navigation',
    },
  },
  lists: [],
  forms: { ...DEFAULT_FORMS },
  mail: {
    senderDomains: [],
    executableExtensions: [],
    confidentialMarkers: [],
    // 3.1.1(5)(d): five outsiders who can see each other's addresses is already an incident.
    bccThreshold: 5,
    // 8.1.1(7)(a): a password zip is not protection (the government left PPAP in 2020); warn, admins may block.
    weakEncryption: 'warn',
  },
  // 2.2.2: an exception is approved and recorded, so users cannot wave a block through by default.
  overrides: { allowed: false, reasonRequired: true, minutes: 60 },
  audit: { endpoint: '', format: 'ssk-guard-v1', urlDetail: 'host', maxEvents: 5000 },
  // Placeholders: each organisation sets its own desk and address in the document it pushes.
  contact: {
    securityTeam: '情報セキュリティ担当 / Information security desk',
    email: 'security@ssk.or.jp',
    exceptionRequests: 'security@ssk.or.jp',
  },
};
