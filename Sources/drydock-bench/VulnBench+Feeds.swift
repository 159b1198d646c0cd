import Archive
import Foundation

/// Synthetic feeds in the upstream formats of the other default distro drivers, so the benchmark imports each with
/// its own parser at the volume real data has: Red Hat's CSAF VEX archive, Amazon's updateinfo, Alpine's secdb.
extension VulnBench {
    /// A `tar.zst` of CSAF VEX documents, one per CVE as Red Hat publishes them: each names RHEL 8 and RHEL 9
    /// platforms and `perDocument` source rpms, fixed on 9 and affected (or won't fix) on 8 — `2 × perDocument`
    /// records per document.
    static func syntheticFeedArchive(documents: Int, perDocument: Int) throws -> Data {
        var writer = TarWriter()
        for d in 0..<documents {
            let cve = "CVE-2098-\(d)"
            var products: [String] = []
            var relationships: [String] = []
            var fixed: [String] = []
            var affected: [String] = []
            var noFix: [String] = []
            for k in 0..<perDocument {
                let name = "rpm-\((d * 7 + k) % 20_000)"
                let nevra = "\(name)-0:1.\(k).0-\(d % 50).el9.src"
                products.append(#"{"category":"product_version","name":"\#(nevra)","product":{"name":"\#(nevra)","product_id":"\#(nevra)","product_identification_helper":{"purl":"pkg:rpm/redhat/\#(name)@1.\#(k).0-\#(d % 50).el9?arch=src"}}}"#)
                products.append(#"{"category":"product_version","name":"\#(name)","product":{"name":"\#(name)","product_id":"\#(name)","product_identification_helper":{"purl":"pkg:rpm/redhat/\#(name)?arch=src"}}}"#)
                relationships.append(#"{"category":"default_component_of","full_product_name":{"name":"\#(nevra) as a component of RHEL 9","product_id":"AppStream-9.4.0.Z.MAIN:\#(nevra)"},"product_reference":"\#(nevra)","relates_to_product_reference":"AppStream-9.4.0.Z.MAIN"}"#)
                relationships.append(#"{"category":"default_component_of","full_product_name":{"name":"\#(name) as a component of RHEL 8","product_id":"red_hat_enterprise_linux_8:\#(name)"},"product_reference":"\#(name)","relates_to_product_reference":"red_hat_enterprise_linux_8"}"#)
                fixed.append(#""AppStream-9.4.0.Z.MAIN:\#(nevra)""#)
                affected.append(#""red_hat_enterprise_linux_8:\#(name)""#)
                if k % 3 == 0 { noFix.append(#""red_hat_enterprise_linux_8:\#(name)""#) }
            }
            let document = """
                {"document":{"category":"csaf_vex","csaf_version":"2.0","title":"\(cve)","tracking":{"id":"\(cve)","status":"final","version":"1"},\
                "references":[{"category":"self","url":"https://security.access.redhat.com/data/csaf/v2/vex/2098/\(cve.lowercased()).json"}]},\
                "product_tree":{"branches":[{"category":"vendor","name":"Red Hat","branches":[\
                {"category":"product_family","name":"Red Hat Enterprise Linux","branches":[\
                {"category":"product_name","name":"Red Hat Enterprise Linux AppStream (v. 9)","product":{"name":"Red Hat Enterprise Linux AppStream (v. 9)","product_id":"AppStream-9.4.0.Z.MAIN","product_identification_helper":{"cpe":"cpe:/a:redhat:enterprise_linux:9::appstream"}}},\
                {"category":"product_name","name":"Red Hat Enterprise Linux 8","product":{"name":"Red Hat Enterprise Linux 8","product_id":"red_hat_enterprise_linux_8","product_identification_helper":{"cpe":"cpe:/o:redhat:enterprise_linux:8"}}}]},\
                \(products.joined(separator: ","))]}],"relationships":[\(relationships.joined(separator: ","))]},\
                "vulnerabilities":[{"cve":"\(cve)","title":"synthetic","notes":[{"category":"description","text":"A synthetic flaw for the benchmark."}],\
                "product_status":{"fixed":[\(fixed.joined(separator: ","))],"known_affected":[\(affected.joined(separator: ","))]},\
                "remediations":[{"category":"vendor_fix","url":"https://access.redhat.com/errata/RHSA-2098:\(d)","product_ids":[\(fixed.joined(separator: ","))]},\
                {"category":"no_fix_planned","details":"Will not fix","product_ids":[\(noFix.joined(separator: ","))]}],\
                "threats":[{"category":"impact","details":"Moderate"}],\
                "scores":[{"cvss_v3":{"baseScore":5.3,"vectorString":"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:N/I:N/A:H","version":"3.1"},"products":[\(fixed.joined(separator: ","))]}]}]}
                """
            let bytes = Array(document.utf8)
            writer.append(TarEntry(path: "2098/\(cve.lowercased()).json", size: Int64(bytes.count)), contents: bytes)
        }
        return Data(try Compressor.compress(writer.finish(), as: .zstd, level: 3))
    }

    /// An Amazon Linux 2023 `updateinfo.xml.gz`: `advisories` ALAS entries of `perAdvisory` binary packages, each
    /// listed for two architectures, two CVEs each.
    static func syntheticUpdateinfo(advisories: Int, perAdvisory: Int) throws -> Data {
        var out = #"<?xml version="1.0" ?>"# + "\n<updates>"
        for a in 0..<advisories {
            let id = "ALAS2023-2098-\(a)"
            out += #"<update status="final" version="1.4" author="linux-security@amazon.com" type="security" from="linux-security@amazon.com">"#
            out += "<id>\(id)</id><title>Amazon Linux 2023 - \(id): Important priority package update</title>"
            out += #"<issued date="2098-01-01 00:00" /><updated date="2098-01-02 00:00" /><severity>Important</severity>"#
            out += "<description>Package updates are available for Amazon Linux 2023 that fix the following vulnerabilities:\nCVE-2098-\(a):\n\tA synthetic flaw &amp; its fix.\n</description>"
            out += "<references>"
            for c in 0..<2 {
                out += #"<reference href="https://www.cve.org/CVERecord?id=CVE-2097-\#(a * 2 + c)" title="" id="CVE-2097-\#(a * 2 + c)" type="cve" />"#
            }
            out += #"</references><pkglist><collection short="amazon-linux-2023"><name>Amazon Linux 2023</name>"#
            for k in 0..<perAdvisory {
                let name = "amzn-pkg-\((a * 5 + k) % 15_000)"
                for arch in ["x86_64", "aarch64"] {
                    out += #"<package name="\#(name)" version="2.\#(k).0" release="\#(a % 9).amzn2023.0.1" epoch="0" arch="\#(arch)"><filename>Packages/\#(name)-2.\#(k).0-\#(a % 9).amzn2023.0.1.\#(arch).rpm</filename></package>"#
                }
            }
            out += "</collection></pkglist></update>"
        }
        out += "</updates>\n"
        return Data(try Compressor.compress(Array(out.utf8), as: .gzip))
    }

    /// An Alpine secdb JSON for one release: `packages` packages with `perPackage` secfix lines each.
    static func syntheticSecdb(packages: Int, perPackage: Int) -> Data {
        var entries: [String] = []
        for p in 0..<packages {
            var secfixes: [String] = []
            for k in 0..<perPackage {
                secfixes.append(#""1.\#(k).0-r\#(p % 4)":["CVE-2096-\#(p * perPackage + k)"]"#)
            }
            entries.append(#"{"pkg":{"name":"apk-pkg-\#(p)","secfixes":{\#(secfixes.joined(separator: ","))}}}"#)
        }
        let text = #"{"apkurl":"{{urlprefix}}/{{distroversion}}/{{reponame}}/{{arch}}/{{pkg.name}}-{{pkg.ver}}.apk","archs":["x86_64"],"# +
            #""reponame":"main","urlprefix":"https://dl-cdn.alpinelinux.org/alpine","distroversion":"v3.20","packages":[\#(entries.joined(separator: ","))]}"#
        return Data(text.utf8)
    }
}
