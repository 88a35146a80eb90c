//! Fetching from public addresses only: the guard of a server that fetches addresses others
//! give it (`cleancopy serve`), so that a page cannot make it read this machine or the private
//! network it sits in (server-side request forgery).
//!
//! The check is made where names become addresses: the fetcher's HTTP agent resolves names
//! with a resolver that keeps only public addresses, so every connection — a page, each
//! redirect, each picture, an address written as a number — is checked against the addresses
//! actually connected to, which a check of the URL's text before fetching could not promise (a
//! name may resolve to `127.0.0.1`, or to another address the second time it is asked).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// A host that resolves to no public address, which a public-only fetcher refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{host}{} is not a public address; loopback, private and link-local addresses are refused",
    resolved(host, address)
)]
pub struct NotPublic {
    /// The host as the address named it.
    pub host: String,
    /// The first address it resolved to.
    pub address: IpAddr,
}

/// ` (ADDRESS)` when `host` is a name, not the address itself.
fn resolved(host: &str, address: &IpAddr) -> String {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if bare.parse::<IpAddr>().is_ok() {
        String::new()
    } else {
        format!(" ({address})")
    }
}

/// The system's resolver, keeping only the public addresses a name resolves to, and failing
/// with [`NotPublic`] when there is none.
#[derive(Debug, Default)]
pub(crate) struct PublicOnly {
    system: DefaultResolver,
}

impl Resolver for PublicOnly {
    fn resolve(
        &self,
        uri: &Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let resolved = self.system.resolve(uri, config, timeout)?;
        let mut public = self.empty();
        for address in resolved.iter().filter(|address| is_public(address.ip())) {
            public.push(*address);
        }
        match resolved.first() {
            Some(first) if public.is_empty() => Err(ureq::Error::Other(Box::new(NotPublic {
                host: uri.host().unwrap_or_default().to_string(),
                address: first.ip(),
            }))),
            _ => Ok(public),
        }
    }
}

/// Whether `ip` is an address on the public internet: not this machine, not a private,
/// shared, link-local or unique-local network, not multicast, documentation or reserved.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(v6),
        },
    }
}

/// [`is_public`] for IPv4 (RFC 6890's special-purpose registry).
fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_multicast()
        || a == 0
        // Shared address space (carrier-grade NAT), 100.64.0.0/10.
        || (a == 100 && (b & 0xc0) == 64)
        // IETF protocol assignments, 192.0.0.0/24.
        || (a == 192 && b == 0 && c == 0)
        // Benchmarking, 198.18.0.0/15.
        || (a == 198 && (b & 0xfe) == 18)
        // Reserved, 240.0.0.0/4.
        || a >= 240)
}

/// [`is_public`] for IPv6: global unicast (2000::/3) only, less documentation, and the
/// prefixes that embed an IPv4 address (NAT64, 6to4) judged by that address.
fn is_public_v6(ip: Ipv6Addr) -> bool {
    let segments = ip.segments();
    if segments[0] & 0xe000 != 0x2000 {
        // Loopback, unspecified, unique-local (fc00::/7), link-local (fe80::/10), multicast…
        return false;
    }
    let embedded = |high: u16, low: u16| {
        let [a, b] = high.to_be_bytes();
        let [c, d] = low.to_be_bytes();
        Ipv4Addr::new(a, b, c, d)
    };
    match segments {
        // Documentation, 2001:db8::/32.
        [0x2001, 0x0db8, ..] => false,
        // 6to4, 2002::/16: the IPv4 address follows the prefix.
        [0x2002, high, low, ..] => is_public_v4(embedded(high, low)),
        // Teredo and the other IETF assignments in 2001::/23.
        [0x2001, second, ..] if second < 0x0200 => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_special_addresses_are_not_public() {
        for address in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "2002:7f00:1::",
            "2001:db8::1",
            "ff02::1",
        ] {
            let ip: IpAddr = address.parse().unwrap();
            assert!(!is_public(ip), "{address}");
        }
    }

    #[test]
    fn public_addresses_are_public() {
        for address in [
            "93.184.215.14",
            "1.1.1.1",
            "8.8.8.8",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            let ip: IpAddr = address.parse().unwrap();
            assert!(is_public(ip), "{address}");
        }
    }
}
